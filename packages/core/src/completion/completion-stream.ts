/**
 * A completion runs on its own, decoupled from whoever reads it: the reader (an SSE response, a
 * tRPC subscription) may go away mid-answer and the answer is still finished and stored (SPEC §6).
 * Events are buffered for the reader while it reads; once it leaves, they are dropped.
 */
import { isAppError } from "../errors";
import { type Language, translate } from "../i18n/messages";
import type { Logger } from "../ports/logger";
import type { CompletionEvent, CompletionResult } from "../schemas/chats";

export type CompletionStream = AsyncIterable<CompletionEvent> & {
  /** Settles when the turn is finished (and stored): its result, or undefined when it failed. */
  readonly result: Promise<CompletionResult | undefined>;
};

const running = new Set<Promise<unknown>>();

/** Waits for every completion of this process to finish (graceful shutdown, tests). */
export async function settleCompletions(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}

/**
 * Starts `work` at once. It emits deltas through `emit` and resolves with the final result (after
 * storing it); a thrown error becomes an `error` event, localized in `lang`.
 */
export function launchCompletion(
  work: (emit: (delta: string) => void) => Promise<CompletionResult>,
  options: { lang: Language; logger: Logger },
): CompletionStream {
  const buffer: CompletionEvent[] = [];
  let isDetached = false;
  let isFinished = false;
  let wake: (() => void) | undefined;
  const push = (event: CompletionEvent) => {
    if (isDetached) return;
    buffer.push(event);
    wake?.();
  };

  const result = work((content) => {
    if (content) push({ type: "delta", content });
  }).then(
    (value) => {
      push({ type: "done", result: value });
      return value;
    },
    (error: unknown) => {
      const app = isAppError(error) ? error : undefined;
      if (!app) options.logger.error({ err: error }, "completion failed");
      push({
        type: "error",
        code: app?.code ?? "INTERNAL",
        message: app ? app.localize(options.lang) : translate("error.internal", options.lang),
      });
      return undefined;
    },
  );
  const tracked = result.finally(() => {
    isFinished = true;
    wake?.();
    running.delete(tracked);
  });
  running.add(tracked);

  return {
    result,
    [Symbol.asyncIterator](): AsyncIterator<CompletionEvent> {
      return {
        async next() {
          for (;;) {
            const event = buffer.shift();
            if (event) return { value: event, done: false };
            if (isFinished || isDetached) return { value: undefined, done: true };
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = undefined;
          }
        },
        async return() {
          // The reader left: stop buffering, let the work finish and store the answer.
          isDetached = true;
          buffer.length = 0;
          return { value: undefined, done: true };
        },
      };
    },
  };
}
