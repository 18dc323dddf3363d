import type { RouterOutputs } from "@ragtime/server/router";
import { useEffect, useRef, useState } from "react";
import { subscriptionClient } from "../../lib/trpc";

export type ProgressEvent = RouterOutputs["documents"]["progress"] extends AsyncIterable<infer E> ? E : never;

/**
 * Live parsing progress of a knowledge base's documents (pushed by the server, never polled).
 * `onConnected` runs whenever the stream (re)opens, so the caller can refetch what it missed.
 */
export function useDocumentProgress(
  kbId: string,
  handlers: { onEvent: (event: ProgressEvent) => void; onConnected: () => void },
): { isLive: boolean } {
  const [isLive, setLive] = useState(false);
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const subscription = subscriptionClient().documents.progress.subscribe(
      { kbId },
      {
        onStarted: () => {
          setLive(true);
          latest.current.onConnected();
        },
        onData: (event) => latest.current.onEvent(event),
        onError: () => setLive(false),
        onConnectionStateChange: (state) => {
          if (state.state === "connecting") setLive(false);
          if (state.state === "pending") {
            setLive(true);
          }
        },
      },
    );
    return () => subscription.unsubscribe();
  }, [kbId]);
  return { isLive };
}
