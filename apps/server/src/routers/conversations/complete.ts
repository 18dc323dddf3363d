import { completeConversation } from "@ragtime/core";
import { ZCompleteInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

/**
 * SSE subscription (tRPC) for the web app: the answer's deltas, then `done` with the whole answer
 * and its reference (or `error`). Leaving early does not stop the answer: it is still stored.
 * REST clients use `POST /api/v1/chats/{chatId}/completions` (rest/chat-completions.ts).
 */
export const completeProcedure = authedProcedure.input(ZCompleteInput).subscription(async function* ({
  ctx,
  input,
}) {
  yield* await completeConversation(ctx.deps, { ...input, actor: ctx.actor, lang: ctx.locale.lang });
});
