import type { AppRouter, RouterOutputs } from "@ragtime/server/router";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { currentWorkspaceId } from "./workspace";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type ApiClient = ReturnType<typeof createApiClient>;
export type User = RouterOutputs["users"]["me"];

/** The workspace header the server reads (apps/server/src/context.ts). */
export const WORKSPACE_HEADER = "x-ragtime-tenant";

/**
 * The browser's tRPC client. Same origin, so the HttpOnly session cookie travels by itself;
 * Accept-Language makes the server word its errors in the UI's language until the user signs in
 * (then the profile language, which the UI follows, wins on the server too).
 */
export function createApiClient(getLanguage: () => string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        headers: () => {
          const workspace = currentWorkspaceId();
          return {
            "accept-language": getLanguage(),
            ...(workspace ? { [WORKSPACE_HEADER]: workspace } : {}),
          };
        },
      }),
    ],
  });
}

let subscriptions: ReturnType<typeof createTRPCClient<AppRouter>> | undefined;

/**
 * Subscriptions (live progress, streamed answers) travel over SSE: the browser's EventSource, same
 * origin, so the session cookie rides along. EventSource cannot send headers, so the workspace goes
 * as a connection parameter. One client for every subscription of the app.
 */
export function subscriptionClient() {
  subscriptions ??= createTRPCClient<AppRouter>({
    links: [
      httpSubscriptionLink({
        url: "/trpc",
        eventSourceOptions: { withCredentials: true },
        connectionParams: () => {
          const workspace = currentWorkspaceId();
          return workspace ? { tenantId: workspace } : {};
        },
      }),
    ],
  });
  return subscriptions;
}
