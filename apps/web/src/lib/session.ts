import { queryOptions, useQuery } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { isNotFound, isUnauthorized } from "./errors";
import { type ApiClient, type User, useTRPCClient } from "./trpc";
import { currentWorkspaceId, setCurrentWorkspaceId } from "./workspace";

/** Cache key of "who is signed in": a user, or null for nobody. */
export const SESSION_KEY = ["session"] as const;

export function sessionQueryOptions(client: ApiClient) {
  return queryOptions({
    queryKey: SESSION_KEY,
    // A 401 is an answer here ("nobody"), not a failure: only other errors reach the error state.
    queryFn: async (): Promise<User | null> => {
      try {
        return await client.users.me.query();
      } catch (error) {
        if (isUnauthorized(error)) return null;
        // The workspace remembered on this browser is gone (or this user left it): act in their own.
        if (currentWorkspaceId() && isNotFound(error)) {
          setCurrentWorkspaceId(undefined);
          return await client.users.me.query();
        }
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useSession() {
  const client = useTRPCClient();
  return useQuery(sessionQueryOptions(client));
}

export const CurrentUserContext = createContext<User | null>(null);

/** The signed-in user, inside the routes guarded by `RequireAuth`. */
export function useCurrentUser(): User {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error("useCurrentUser() used outside a signed-in route");
  return user;
}
