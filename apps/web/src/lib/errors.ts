import type { AppRouter } from "@ragtime/server/router";
import { isTRPCClientError, type TRPCClientError } from "@trpc/client";
import type { TFunction } from "i18next";

function asApiError(error: unknown): TRPCClientError<AppRouter> | undefined {
  return isTRPCClientError<AppRouter>(error) ? error : undefined;
}

/**
 * What to tell the user about a failed call. The server already words its errors in the user's
 * language; without an answer from it (network down, proxy error page) the UI says so itself.
 * Never returns an empty string or an object's dump.
 */
export function errorMessage(error: unknown, t: TFunction): string {
  const apiError = asApiError(error);
  if (!apiError) return t("errors.unexpected");
  // `shape` exists only when the server answered with a tRPC error body.
  if (!apiError.shape) return t("errors.network");
  const message = apiError.message.trim();
  return message === "" ? t("errors.unexpected") : message;
}

/** The input field a server error is about (`currentPassword`…), when it names one. */
export function errorField(error: unknown): string | undefined {
  return asApiError(error)?.data?.field ?? undefined;
}

export function isUnauthorized(error: unknown): boolean {
  const data = asApiError(error)?.data;
  return data?.code === "UNAUTHORIZED" || data?.httpStatus === 401;
}

export function isNotFound(error: unknown): boolean {
  const data = asApiError(error)?.data;
  return data?.code === "NOT_FOUND" || data?.httpStatus === 404;
}

/** 4xx answers will not change on retry; network failures and 5xx may. */
export function isRetryable(error: unknown): boolean {
  const status = asApiError(error)?.data?.httpStatus;
  return status === undefined || status >= 500;
}
