import { Readable } from "node:stream";
import {
  AppError,
  askChat,
  type CompletionStream,
  type Deps,
  ERROR_STATUS,
  type ErrorCode,
  type Language,
  settleCompletions,
  type ValidationIssue,
  validationError,
} from "@ragtime/core";
import { type CompletionEvent, type CompletionResult, ZChatCompletionBody, ZId } from "@ragtime/core/schemas";
import type { FastifyInstance } from "fastify";
import { REST_PREFIX } from "../openapi";
import { TRPC_CODE } from "../trpc";
import { authenticateRequest } from "./authenticate-request";
import { sendError } from "./errors";

/** SSE framing of one event: one `data:` line of JSON (JSON never holds a raw newline). */
export const sseData = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  // Reverse proxies (nginx) would otherwise hold the deltas back until the answer is complete.
  "x-accel-buffering": "no",
};

/**
 * The events of a completion as an SSE body. When the client goes away, Node destroys the body,
 * which ends this generator and detaches it from the completion: the answer is still finished
 * and stored (see launchCompletion).
 */
export function sseBody(stream: CompletionStream, frame: (event: CompletionEvent) => string[]): Readable {
  return Readable.from(
    (async function* () {
      for await (const event of stream) yield* frame(event);
    })(),
    { objectMode: false },
  );
}

/** How a completion ended, for the routes that answer in one piece (`stream: false`). */
export type SettledCompletion =
  | { isOk: true; result: CompletionResult }
  | { isOk: false; code: ErrorCode; status: number; message: string };

/** Reads a completion to its end: its result, or the error event it ended with (and its HTTP status). */
export async function settleCompletion(stream: CompletionStream): Promise<SettledCompletion> {
  for await (const event of stream) {
    if (event.type === "done") return { isOk: true, result: event.result };
    if (event.type === "error") {
      const code = event.code as ErrorCode;
      return { isOk: false, code, status: ERROR_STATUS[code] ?? 500, message: event.message };
    }
  }
  throw new AppError("INTERNAL");
}

/** A malformed id in the path is a 400 naming it, as on every route the router serves. */
export function pathParamError(name: string, issues: readonly ValidationIssue[]) {
  return validationError(issues.map((issue) => ({ ...issue, path: [name, ...issue.path] })));
}

/**
 * `POST /api/v1/chats/{chatId}/completions` — ask a chat a question, in a conversation or a new
 * one. Server-sent events by default: `{type:"delta",content}` events, then
 * `{type:"done",result:{conversationId,messageId,answer,reference,…}}` (or `{type:"error",…}`).
 * With `stream: false`, one JSON answer (the `done` event's result). tRPC's subscription
 * `conversations.complete` serves the web app from the same core operation.
 */
export async function registerChatCompletionRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  // Graceful shutdown: answers still being written (some with no reader left) are finished and
  // stored before the server lets its database go.
  app.addHook("onClose", async () => {
    await settleCompletions();
  });
  app.post<{ Params: { chatId: string } }>(`${REST_PREFIX}/chats/:chatId/completions`, async (req, reply) => {
    let lang: Language | undefined;
    try {
      const auth = await authenticateRequest(deps, req);
      lang = auth.lang;
      const chatId = ZId.safeParse(req.params.chatId);
      if (!chatId.success) throw pathParamError("chatId", chatId.error.issues);
      const body = ZChatCompletionBody.safeParse(req.body ?? {});
      if (!body.success) throw validationError(body.error.issues as ValidationIssue[], body.error);
      const { stream: isStreaming, ...question } = body.data;
      const stream = await askChat(deps, { ...question, chatId: chatId.data, actor: auth.actor, lang });
      if (!isStreaming) {
        const settled = await settleCompletion(stream);
        if (settled.isOk) return settled.result;
        const { code, status, message } = settled;
        return reply.code(status).send({
          message,
          code: TRPC_CODE[code] ?? "INTERNAL_SERVER_ERROR",
          data: { code, httpStatus: status, requestId: req.id },
        });
      }
      return reply
        .headers({ ...SSE_HEADERS, "x-ragtime-conversation-id": stream.conversationId })
        .send(sseBody(stream, (event) => [sseData(event)]));
    } catch (error) {
      return sendError(req, reply, error, lang);
    }
  });
}
