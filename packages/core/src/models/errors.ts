import { type EmbeddingProviderError, isEmbeddingProviderError } from "@ragtime/rag";
import { AppError } from "../errors";

/**
 * Why a remote model call failed (the same closed set as rag's embedders): `AUTH` → the key is
 * wrong; `BAD_REQUEST`, `NOT_FOUND` → the model name, base URL or input is wrong; the others →
 * the provider is unwell or unreachable (already retried).
 */
export type ProviderFailure =
  | "AUTH"
  | "RATE_LIMITED"
  | "TIMEOUT"
  | "NETWORK"
  | "SERVER"
  | "BAD_REQUEST"
  | "NOT_FOUND"
  | "BAD_RESPONSE";

export type ModelProviderErrorDetails = {
  /** Human name, e.g. "OpenAI" or "Ollama at 10.0.0.5:11434". */
  provider: string;
  failure: ProviderFailure;
  /** Why, in the provider's words where it gave any; never holds the API key. */
  reason: string;
  status?: number | undefined;
  attempts?: number | undefined;
  cause?: unknown;
};

/**
 * A remote model provider failed. An AppError, so that it reaches users as a 4xx (their settings
 * are wrong: key, model name, base URL) or a 502 (the provider is down, rate-limiting or slow,
 * after retries) whose message names the provider and says why — never a 500.
 */
export class ModelProviderError extends AppError {
  readonly provider: string;
  readonly failure: ProviderFailure;
  readonly reason: string;
  readonly providerStatus: number | undefined;
  readonly attempts: number;

  constructor(details: ModelProviderErrorDetails) {
    const params = { provider: details.provider, reason: details.reason };
    const cause = details.cause === undefined ? {} : { cause: details.cause };
    if (details.failure === "AUTH")
      super("BAD_REQUEST", { key: "error.modelProviderAuth", params, ...cause });
    else if (details.failure === "BAD_REQUEST" || details.failure === "NOT_FOUND")
      super("BAD_REQUEST", { key: "error.modelProviderRejected", params, ...cause });
    else super("BAD_GATEWAY", { key: "error.modelProviderFailed", params, ...cause });
    this.name = "ModelProviderError";
    this.provider = details.provider;
    this.failure = details.failure;
    this.reason = details.reason;
    this.providerStatus = details.status;
    this.attempts = details.attempts ?? 1;
  }

  /** Worth trying again later: the provider was overloaded or unreachable, not misconfigured. */
  get retryable(): boolean {
    return ["RATE_LIMITED", "TIMEOUT", "NETWORK", "SERVER"].includes(this.failure);
  }
}

export function isModelProviderError(error: unknown): error is ModelProviderError {
  return error instanceof ModelProviderError;
}

/** rag's embedder errors (already retried, already redacted) as the ModelProviderError of `provider`. */
export function fromEmbeddingError(error: EmbeddingProviderError, provider: string): ModelProviderError {
  const failure: ProviderFailure =
    error.code === "MODEL_UNAVAILABLE" || error.code === "CLOSED" ? "SERVER" : error.code;
  // rag's message is "<label> embedding request (model "x") failed…: <reason>"; keep the reason.
  const reason = error.message.replace(/^.*? failed(?: after \d+ attempts)?: /, "");
  return new ModelProviderError({
    provider,
    failure,
    reason: `embedding model “${error.model}”: ${reason}`,
    status: error.status,
    attempts: error.attempts,
    cause: error,
  });
}

/** Any error of a model call, as what a user should see (AppErrors pass through untouched). */
export function toModelError(error: unknown, provider: string): unknown {
  if (isEmbeddingProviderError(error)) return fromEmbeddingError(error, provider);
  return error;
}
