import type { AppRouter, RouterOutputs } from "@ragtime/server/router";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type ApiClient = ReturnType<typeof createApiClient>;
export type User = RouterOutputs["users"]["me"];

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
        headers: () => ({ "accept-language": getLanguage() }),
      }),
    ],
  });
}
