import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { BrowserRouter } from "react-router";
import { AppRoutes } from "./app-routes";
import { applyLanguage, currentLanguage } from "./i18n/i18n";
import { isRetryable, isUnauthorized } from "./lib/errors";
import { SESSION_KEY, useSession } from "./lib/session";
import { createApiClient, TRPCProvider } from "./lib/trpc";
import { theme } from "./theme";

function createQueryClient(): QueryClient {
  // A 401 from any call means the session ended (expired, signed out elsewhere): show sign-in.
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) queryClient.setQueryData(SESSION_KEY, null);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: (failures, error) => failures < 2 && isRetryable(error) },
    },
  });
  return queryClient;
}

/** Keeps the UI in the signed-in user's profile language. */
function ProfileLanguage() {
  const { data: user } = useSession();
  const language = user?.language;
  useEffect(() => {
    if (language) applyLanguage(language);
  }, [language]);
  return null;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() => createApiClient(currentLanguage));
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <ProfileLanguage />
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
