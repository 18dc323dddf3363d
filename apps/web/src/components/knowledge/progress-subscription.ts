import type { AppRouter, RouterOutputs } from "@ragtime/server/router";
import { createTRPCClient, httpSubscriptionLink } from "@trpc/client";
import { useEffect, useRef, useState } from "react";

export type ProgressEvent = RouterOutputs["documents"]["progress"] extends AsyncIterable<infer E> ? E : never;

/**
 * Subscriptions travel over SSE (the browser's EventSource, same origin, so the session cookie
 * rides along). A client of their own, so the app's batch link stays as it is.
 */
let client: ReturnType<typeof createTRPCClient<AppRouter>> | undefined;
function subscriptionClient() {
  client ??= createTRPCClient<AppRouter>({
    links: [httpSubscriptionLink({ url: "/trpc", eventSourceOptions: { withCredentials: true } })],
  });
  return client;
}

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
