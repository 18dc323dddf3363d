import {
  AppError,
  authenticate,
  describeIssue,
  type ErrorCode,
  isAppError,
  isLanguage,
  translate,
  type ValidationIssue,
  validationError,
} from "@ragtime/core";
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { Context } from "./context";

export const TRPC_CODE: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA: "UNSUPPORTED_MEDIA_TYPE",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  INTERNAL: "INTERNAL_SERVER_ERROR",
  BAD_GATEWAY: "BAD_GATEWAY",
};

type ZodLikeError = Error & { issues: ValidationIssue[] };
const isZodError = (e: unknown): e is ZodLikeError =>
  e instanceof Error && e.name === "ZodError" && Array.isArray((e as { issues?: unknown }).issues);

// The only initTRPC of the project. isDev stays false outside tests so no stack trace ever leaves.
const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    isDev: false,
    errorFormatter({ shape, error, ctx }) {
      const lang = ctx?.locale.lang ?? "en";
      const app = isAppError(error.cause) ? error.cause : undefined;
      const issues = app?.issues;
      let message = shape.message;
      if (app) message = app.localize(lang);
      // An unexpected error's own message may hold SQL or paths: the client gets a generic one.
      else if (error.code === "INTERNAL_SERVER_ERROR") message = translate("error.internal", lang);
      return {
        message,
        code: shape.code,
        data: {
          code: app?.code ?? shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          field: app?.field,
          issues: issues?.map((i) => ({
            path: i.path.map(String),
            code: i.code,
            message: describeIssue(i, lang),
          })),
          requestId: ctx?.requestId,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Turns a service-layer AppError (and input validation failures) into the tRPC error with the
 * matching HTTP status, keeping the original as `cause` for the formatter and the logs.
 */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause } = result.error;
  if (isAppError(cause)) {
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  if (result.error.code === "BAD_REQUEST" && isZodError(cause)) {
    const app = validationError(cause.issues, cause);
    throw new TRPCError({ code: "BAD_REQUEST", message: app.message, cause: app });
  }
  return result;
});

/** The path of the first string or key holding U+0000, walked without recursion (input may nest deeply). */
function nulPath(input: unknown): string[] | undefined {
  const stack: Array<[unknown, string[]]> = [[input, []]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path] = item;
    if (typeof value === "string") {
      if (value.includes("\u0000")) return path;
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes("\u0000")) return [...path, key];
        stack.push([child, [...path, key]]);
      }
    }
  }
  return undefined;
}

/**
 * PostgreSQL cannot store U+0000 in text (MariaDB can): every dialect refuses it up front with a
 * 400 naming the field, rather than PostgreSQL failing with a 500 after validation passed.
 */
const rejectNul = t.middleware(async ({ getRawInput, next }) => {
  const path = nulPath(await getRawInput());
  if (path) {
    const field = path.length > 0 ? path.join(".") : "(body)";
    throw new AppError("BAD_REQUEST", {
      key: "error.invalidField",
      params: { field, reason: "validation.nulCharacter" },
      field,
    });
  }
  return next();
});

export const publicProcedure = t.procedure.use(errorMapping).use(rejectNul);

/** Session or API key required; narrows ctx to a non-null actor and the caller's language. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const auth = ctx.token
    ? await authenticate(ctx.deps, { token: ctx.token, tenantId: ctx.tenantId })
    : undefined;
  if (!auth) throw new AppError("UNAUTHORIZED");
  if (isLanguage(auth.user.language)) ctx.locale.lang = auth.user.language;
  return next({ ctx: { ...ctx, actor: auth.actor } });
});

/** Superusers only (operators of the Ragtime instance). */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.actor.isSuperuser) throw new AppError("FORBIDDEN");
  return next();
});
