import { isAppError, type Language, languageFromHeader, translate } from "@ragtime/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { TRPC_CODE } from "../trpc";

/**
 * Sends an error from a plain (non-tRPC) REST route in the same JSON shape the tRPC-generated
 * routes use, so clients parse one error format. Unexpected errors are logged and answered with
 * the generic message only.
 */
export function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  lang?: Language,
): FastifyReply {
  const language = lang ?? languageFromHeader(req.headers["accept-language"]) ?? "en";
  const app = isAppError(error) ? error : undefined;
  if (!app) req.log.error({ err: error }, "unexpected error");
  const code = app?.code ?? "INTERNAL";
  return reply.code(app?.status ?? 500).send({
    message: app ? app.localize(language) : translate("error.internal", language),
    code: TRPC_CODE[code],
    data: { code, httpStatus: app?.status ?? 500, field: app?.field, requestId: req.id },
  });
}
