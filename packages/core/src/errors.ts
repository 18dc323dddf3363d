import { type Language, type MessageKey, type MessageParams, translate } from "./i18n/messages";
import { describeIssue, issueField, type ValidationIssue } from "./i18n/validation";

/** The closed set of error codes (SPEC §9) and the HTTP status each maps to. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A remote model provider failed (after retries): not our bug, not the caller's input. */
  BAD_GATEWAY: 502,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

const DEFAULT_KEY: Record<ErrorCode, MessageKey> = {
  BAD_REQUEST: "error.badRequest",
  UNAUTHORIZED: "error.unauthorized",
  FORBIDDEN: "error.forbidden",
  NOT_FOUND: "error.notFound",
  CONFLICT: "error.conflict",
  TOO_LARGE: "error.tooLarge",
  UNSUPPORTED_MEDIA: "error.unsupportedMedia",
  RATE_LIMITED: "error.rateLimited",
  INTERNAL: "error.internal",
  BAD_GATEWAY: "error.modelProviderFailed",
};

export type AppErrorOptions = {
  key?: MessageKey;
  params?: MessageParams;
  /** The field a validation error is about, for clients that highlight it. */
  field?: string;
  /** Validation failures, each naming its field; the first one is the message. */
  issues?: ValidationIssue[];
  cause?: unknown;
};

/**
 * The one error type of the service layer. Its message is resolved in the caller's language at
 * the edge (`localize`); `cause` keeps the underlying error for the logs and never reaches a client.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly key: MessageKey;
  readonly params: MessageParams;
  readonly field: string | undefined;
  readonly issues: ValidationIssue[] | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const key = options.key ?? DEFAULT_KEY[code];
    super(translate(key, "en", options.params), options.cause === undefined ? {} : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.key = key;
    this.params = options.params ?? {};
    this.issues = options.issues;
    const first = options.issues?.[0];
    this.field = options.field ?? (first ? issueField(first) : undefined);
    if (first) this.message = describeIssue(first, "en");
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  localize(lang: Language): string {
    const first = this.issues?.[0];
    return first ? describeIssue(first, lang) : translate(this.key, lang, this.params);
  }
}

export const notFound = (entity: MessageKey) => new AppError("NOT_FOUND", { params: { entity } });
export const unauthorized = () => new AppError("UNAUTHORIZED");
export const forbidden = (key: MessageKey = "error.forbidden") => new AppError("FORBIDDEN", { key });
export const badRequest = (key: MessageKey, params?: MessageParams, field?: string) =>
  new AppError("BAD_REQUEST", { key, ...(params ? { params } : {}), ...(field ? { field } : {}) });
export const conflict = (key: MessageKey) => new AppError("CONFLICT", { key });

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A 400 from a failed schema validation (zod issues), whose message names the first bad field. */
export function validationError(issues: ValidationIssue[], cause?: unknown): AppError {
  return new AppError("BAD_REQUEST", { issues, cause });
}
