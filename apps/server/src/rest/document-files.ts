import fastifyMultipart from "@fastify/multipart";
import {
  AppError,
  type Deps,
  downloadDocument,
  type Language,
  type UploadFile,
  uploadDocuments,
  type ValidationIssue,
  validationError,
} from "@ragtime/core";
import { ZId } from "@ragtime/core/schemas";
import type { FastifyInstance } from "fastify";
import { REST_PREFIX } from "../openapi";
import { authenticateRequest } from "./authenticate-request";
import { sendError } from "./errors";

/** A malformed id in the path is a 400 naming it, as on every route the router serves. */
function pathParamError(name: string, issues: readonly ValidationIssue[]) {
  return validationError(issues.map((issue) => ({ ...issue, path: [name, ...issue.path] })));
}

/**
 * The two REST routes that move files, which trpc-to-openapi cannot express: multipart upload
 * (streamed to storage, never buffered whole) and download. Both call ONE core operation, like
 * every procedure; their OpenAPI entries are in openapi.ts.
 */
export async function registerDocumentFileRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(fastifyMultipart, {
    limits: {
      // One byte over the limit lets storage see the overflow and answer 413 with the file's name.
      fileSize: deps.config.UPLOAD_MAX_BYTES + 1,
      files: deps.config.UPLOAD_MAX_FILES + 1,
      fields: 20,
      fieldSize: 64 * 1024,
    },
    throwFileSizeLimit: false,
    // Keep the name exactly as sent: a name with folders or ".." is refused by name (400), not
    // silently cut down to its last segment.
    preservePath: true,
  });

  app.post<{ Params: { kbId: string } }>(
    `${REST_PREFIX}/knowledge-bases/:kbId/documents`,
    async (req, reply) => {
      let lang: Language | undefined;
      try {
        const auth = await authenticateRequest(deps, req);
        lang = auth.lang;
        const kbId = ZId.safeParse(req.params.kbId);
        if (!kbId.success) throw pathParamError("kbId", kbId.error.issues);
        if (!req.isMultipart()) {
          throw new AppError("UNSUPPORTED_MEDIA", {
            params: { type: req.headers["content-type"] ?? "none" },
          });
        }
        const files = (async function* (): AsyncGenerator<UploadFile> {
          for await (const part of req.parts()) {
            if (part.type === "file") yield { filename: part.filename, stream: part.file };
          }
        })();
        return await uploadDocuments(deps, { actor: auth.actor, kbId: kbId.data, files });
      } catch (error) {
        return sendError(req, reply, error, lang);
      }
    },
  );

  app.get<{ Params: { id: string } }>(`${REST_PREFIX}/documents/:id/download`, async (req, reply) => {
    let lang: Language | undefined;
    try {
      const auth = await authenticateRequest(deps, req);
      lang = auth.lang;
      const id = ZId.safeParse(req.params.id);
      if (!id.success) throw pathParamError("id", id.error.issues);
      const file = await downloadDocument(deps, { actor: auth.actor, id: id.data });
      return reply
        .type(file.contentType)
        .header("content-length", file.size)
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header("x-content-type-options", "nosniff")
        .send(file.body);
    } catch (error) {
      return sendError(req, reply, error, lang);
    }
  });
}
