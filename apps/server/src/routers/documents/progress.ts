import { watchKnowledgeBaseProgress } from "@ragtime/core";
import { ZKbIdInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

/** SSE subscription (tRPC): every change of a knowledge base's documents' parsing state. */
export const progressProcedure = authedProcedure.input(ZKbIdInput).subscription(async function* ({
  ctx,
  input,
  signal,
}) {
  yield* await watchKnowledgeBaseProgress(ctx.deps, {
    ...input,
    actor: ctx.actor,
    signal: signal ?? new AbortController().signal,
  });
});
