import type {} from "@fastify/cookie";
import type { Deps, Language } from "@ragtime/core";
import { languageFromHeader } from "@ragtime/core";
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from "fastify";

export const SESSION_COOKIE = "ragtime_session";
export const TENANT_HEADER = "x-ragtime-tenant";

export type Context = {
  deps: Deps;
  requestId: string;
  ip: string;
  userAgent: string | undefined;
  /** Bearer token (session or `rt-…` API key) from the Authorization header, else the session cookie. */
  token: string | undefined;
  /** The workspace a session asks to act in (header), when not its own. */
  tenantId: string | undefined;
  /** Mutable: authentication switches it to the user's language. */
  locale: { lang: Language };
  log: FastifyBaseLogger;
  session: {
    /** Web sign-in: the token travels as an HttpOnly, SameSite=Lax cookie. */
    set(token: string, expiresAt: string): void;
    clear(): void;
  };
};

/** The credentials a request carries: Bearer token, else the session cookie; and the tenant header. */
export function credentialsOf(req: FastifyRequest): {
  token: string | undefined;
  tenantId: string | undefined;
} {
  const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const tenantHeader = req.headers[TENANT_HEADER];
  return {
    token: bearer ?? req.cookies[SESSION_COOKIE],
    tenantId: typeof tenantHeader === "string" && tenantHeader ? tenantHeader : undefined,
  };
}

export function createContextFactory(deps: Deps) {
  const secure = deps.config.NODE_ENV === "production" && deps.config.PUBLIC_URL.startsWith("https:");
  return ({
    req,
    res,
    info,
  }: {
    req: FastifyRequest;
    res: FastifyReply;
    /** tRPC's request info; absent on the REST adapter. */
    info?: { connectionParams?: Record<string, string | undefined> | null } | undefined;
  }): Context => {
    const credentials = credentialsOf(req);
    // A browser's EventSource (tRPC subscriptions over SSE) cannot send headers: the web app passes
    // the workspace as a connection parameter instead.
    const tenantParam = info?.connectionParams?.tenantId;
    return {
      deps,
      requestId: String(req.id),
      ip: req.ip,
      userAgent: req.headers["user-agent"],
      token: credentials.token,
      tenantId:
        credentials.tenantId ?? (typeof tenantParam === "string" && tenantParam ? tenantParam : undefined),
      locale: { lang: languageFromHeader(req.headers["accept-language"]) ?? "en" },
      log: req.log,
      session: {
        set(token, expiresAt) {
          void res.setCookie(SESSION_COOKIE, token, {
            path: "/",
            httpOnly: true,
            sameSite: "lax",
            secure,
            expires: new Date(expiresAt),
          });
        },
        clear() {
          void res.clearCookie(SESSION_COOKIE, { path: "/" });
        },
      },
    };
  };
}
