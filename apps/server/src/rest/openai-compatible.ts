import {
  completeMessages,
  type Deps,
  type ErrorCode,
  isAppError,
  type Language,
  languageFromHeader,
  translate,
  type ValidationIssue,
  validationError,
} from "@ragtime/core";
import { ZId, ZVariableValues } from "@ragtime/core/schemas";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { authenticateRequest } from "./authenticate-request";
import { pathParamError, SSE_HEADERS, settleCompletion, sseBody, sseData } from "./chat-completions";

export const OPENAI_PREFIX = "/api/openai";

const ZContentPart = z.object({ type: z.string(), text: z.string().optional() }).loose();

/**
 * The fields of OpenAI's chat completion request we use. Others (temperature, n, tools…) are
 * accepted and ignored: the chat's own settings apply, as they do in the web app.
 */
const ZOpenAIChatBody = z
  .object({
    model: z.string().max(256).optional(),
    messages: z
      .array(
        z
          .object({
            role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
            content: z.union([z.string(), z.array(ZContentPart), z.null()]).optional(),
          })
          .loose(),
      )
      .min(1)
      .max(500),
    stream: z.boolean().optional(),
    /** `extra_body={"reference": True}` in OpenAI's clients arrives here, at the top level. */
    reference: z.boolean().optional(),
    /** The same, from clients that send `extra_body` literally. */
    extra_body: z
      .object({ reference: z.boolean().optional(), variables: ZVariableValues.optional() })
      .loose()
      .optional(),
    variables: ZVariableValues.optional(),
  })
  .loose();

const OPENAI_ERROR_TYPE: Record<ErrorCode, string> = {
  BAD_REQUEST: "invalid_request_error",
  UNAUTHORIZED: "authentication_error",
  FORBIDDEN: "permission_error",
  NOT_FOUND: "not_found_error",
  CONFLICT: "invalid_request_error",
  TOO_LARGE: "invalid_request_error",
  UNSUPPORTED_MEDIA: "invalid_request_error",
  RATE_LIMITED: "rate_limit_error",
  INTERNAL: "server_error",
  // A model provider failed (after retries): the error names it.
  BAD_GATEWAY: "api_error",
};

const openAIError = (code: ErrorCode, message: string, param?: string) => ({
  error: {
    message,
    type: OPENAI_ERROR_TYPE[code],
    code: code === "UNAUTHORIZED" ? "invalid_api_key" : code.toLowerCase(),
    param: param ?? null,
  },
});

/** Errors in OpenAI's shape (`{error: {message, type, code, param}}`) so OpenAI clients raise them as such. */
function sendOpenAIError(req: FastifyRequest, reply: FastifyReply, error: unknown, lang?: Language) {
  const language = lang ?? languageFromHeader(req.headers["accept-language"]) ?? "en";
  const app = isAppError(error) ? error : undefined;
  if (!app) req.log.error({ err: error }, "unexpected error");
  const code = app?.code ?? "INTERNAL";
  return reply
    .code(app?.status ?? 500)
    .send(
      openAIError(code, app ? app.localize(language) : translate("error.internal", language), app?.field),
    );
}

const textOf = (content: string | z.infer<typeof ZContentPart>[] | null | undefined): string =>
  typeof content === "string"
    ? content
    : (content ?? [])
        .filter((p) => p.type === "text")
        .map((p) => p.text ?? "")
        .join("\n");

/**
 * `POST /api/openai/{chatId}/chat/completions` — a chat behind OpenAI's wire format, for OpenAI
 * tooling (SPEC §1, §6): authenticated with an API key as the client's `apiKey`, the chat id in
 * the base URL. Stateless: the caller sends the conversation, nothing is stored. Stream or not;
 * `reference: true` (OpenAI clients: `extra_body={"reference": true}`) adds the reference
 * (cited chunks, docAggs) to the message, or to the last chunk's delta when streaming.
 * The streamed deltas are the answer as the model writes it; citations inserted afterwards (when
 * the model cited nothing) are in the reference's chunks and in the non-streamed answer.
 */
export async function registerOpenAICompatibleRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.post<{ Params: { chatId: string } }>(
    `${OPENAI_PREFIX}/:chatId/chat/completions`,
    async (req, reply) => {
      let lang: Language | undefined;
      try {
        const auth = await authenticateRequest(deps, req);
        lang = auth.lang;
        const chatId = ZId.safeParse(req.params.chatId);
        if (!chatId.success) throw pathParamError("chatId", chatId.error.issues);
        const parsed = ZOpenAIChatBody.safeParse(req.body ?? {});
        if (!parsed.success) throw validationError(parsed.error.issues as ValidationIssue[], parsed.error);
        const body = parsed.data;
        const wantsReference = body.reference ?? body.extra_body?.reference ?? false;
        const variables = body.variables ?? body.extra_body?.variables;
        const messages = body.messages
          .filter((m) => m.role === "user" || m.role === "assistant")
          .map((m) => ({ role: m.role as "user" | "assistant", content: textOf(m.content) }));
        const stream = await completeMessages(deps, {
          actor: auth.actor,
          lang,
          chatId: chatId.data,
          messages,
          variables,
        });
        const created = Math.floor(Date.now() / 1000);
        const model = body.model ?? chatId.data;
        const id = `chatcmpl-${req.id}`;

        if (!body.stream) {
          const settled = await settleCompletion(stream);
          if (!settled.isOk)
            return reply.code(settled.status).send(openAIError(settled.code, settled.message));
          const { result } = settled;
          return {
            id,
            object: "chat.completion",
            created,
            model,
            choices: [
              {
                index: 0,
                message: {
                  role: "assistant",
                  content: result.answer,
                  refusal: null,
                  ...(wantsReference ? { reference: result.reference } : {}),
                },
                logprobs: null,
                finish_reason: "stop",
              },
            ],
          };
        }

        const chunk = (delta: Record<string, unknown>, finish: string | null) =>
          sseData({
            id,
            object: "chat.completion.chunk",
            created,
            model,
            choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
          });
        let isFirst = true;
        return reply.headers(SSE_HEADERS).send(
          sseBody(stream, (event) => {
            const out: string[] = [];
            if (isFirst) {
              out.push(chunk({ role: "assistant", content: "" }, null));
              isFirst = false;
            }
            if (event.type === "delta") out.push(chunk({ content: event.content }, null));
            else if (event.type === "done") {
              out.push(chunk(wantsReference ? { reference: event.result.reference } : {}, "stop"));
              out.push("data: [DONE]\n\n");
            } else {
              out.push(sseData(openAIError(event.code as ErrorCode, event.message)));
              out.push("data: [DONE]\n\n");
            }
            return out;
          }),
        );
      } catch (error) {
        return sendOpenAIError(req, reply, error, lang);
      }
    },
  );
}
