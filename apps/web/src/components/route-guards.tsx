import { Navigate, Outlet, useLocation } from "react-router";
import { CurrentUserContext, useSession } from "../lib/session";
import { FullPageError, FullPageLoader } from "./full-page-state";

export const HOME = "/profile";

type FromState = { from?: unknown } | null;

/** Where to go after signing in: back to the page that asked for it, never off-site. */
function returnPath(state: unknown): string {
  const from = (state as FromState)?.from;
  return typeof from === "string" && from.startsWith("/") && !from.startsWith("//") ? from : HOME;
}

/** Signed-in routes: nobody → sign in (remembering where they were going). */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  if (session.data) {
    return (
      <CurrentUserContext.Provider value={session.data}>
        <Outlet />
      </CurrentUserContext.Provider>
    );
  }
  if (session.data === null) {
    return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (session.isError) return <FullPageError error={session.error} onRetry={() => void session.refetch()} />;
  return <FullPageLoader />;
}

/** Signed-out routes (sign in, sign up, forgotten password): a signed-in visitor goes on to the app. */
export function RequireGuest() {
  const session = useSession();
  const location = useLocation();
  if (session.data) return <Navigate to={returnPath(location.state)} replace />;
  if (session.data === null) return <Outlet />;
  if (session.isError) return <FullPageError error={session.error} onRetry={() => void session.refetch()} />;
  return <FullPageLoader />;
}
