import type { AppRouter, RouterInputs, RouterOutputs } from "@ragtime/server/router";
import type { TRPCClientError } from "@trpc/client";
import { useCallback, useEffect, useRef, useState } from "react";
import { subscriptionClient } from "../../lib/trpc";

export type CompletionEvent =
  RouterOutputs["conversations"]["complete"] extends AsyncIterable<infer E> ? E : never;
export type CompletionResult = Extract<CompletionEvent, { type: "done" }>["result"];
type CompleteInput = RouterInputs["conversations"]["complete"];

export type CompletionState =
  | { status: "idle" }
  | { status: "streaming"; question: string; answer: string }
  | { status: "stopped"; question: string; answer: string }
  | { status: "done"; question: string; result: CompletionResult }
  /** `message` is the server's, in the user's language; `error` when the call itself failed. */
  | { status: "error"; question: string; answer: string; message?: string; error?: unknown };

/**
 * One question at a time in a conversation: the answer's text as it streams, then the final
 * answer with its reference. `stop()` stops reading: the server still finishes and stores the
 * answer (a reader leaving never loses a turn), so the conversation shows it once reloaded.
 */
export function useCompletion(onSettled: () => void) {
  const [state, setState] = useState<CompletionState>({ status: "idle" });
  const subscription = useRef<{ unsubscribe: () => void } | undefined>(undefined);
  const settled = useRef(onSettled);
  settled.current = onSettled;

  const end = useCallback(() => {
    subscription.current?.unsubscribe();
    subscription.current = undefined;
  }, []);

  useEffect(() => end, [end]);

  const ask = useCallback(
    (input: CompleteInput) => {
      end();
      const question = input.question;
      let answer = "";
      setState({ status: "streaming", question, answer });
      subscription.current = subscriptionClient().conversations.complete.subscribe(input, {
        onData: (event) => {
          if (event.type === "delta") {
            answer += event.content;
            setState({ status: "streaming", question, answer });
          } else if (event.type === "done") {
            end();
            setState({ status: "done", question, result: event.result });
            settled.current();
          } else {
            end();
            setState({ status: "error", question, answer, message: event.message });
            settled.current();
          }
        },
        onError: (error: TRPCClientError<AppRouter>) => {
          end();
          setState({ status: "error", question, answer, error });
          settled.current();
        },
        onConnectionStateChange: (connection) => {
          // EventSource reconnects by itself, and reconnecting would ask the question again: a
          // failed or dropped stream ends here instead (the server still stores a started answer).
          if (connection.state === "connecting" && connection.error) {
            end();
            setState({ status: "error", question, answer, error: connection.error });
            settled.current();
          }
        },
      });
    },
    [end],
  );

  const stop = useCallback(() => {
    end();
    setState((current) =>
      current.status === "streaming"
        ? { status: "stopped", question: current.question, answer: current.answer }
        : current,
    );
    settled.current();
  }, [end]);

  const reset = useCallback(() => {
    end();
    setState({ status: "idle" });
  }, [end]);

  return { state, ask, stop, reset };
}
