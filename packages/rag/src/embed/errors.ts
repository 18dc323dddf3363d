/**
 * Why an embedding call failed. Closed so that the service layer can map each code to one HTTP
 * status and message: `AUTH` → the user must fix the provider's key; `RATE_LIMITED`, `TIMEOUT`,
 * `NETWORK`, `SERVER` → the provider is unwell (already retried); `BAD_REQUEST`, `NOT_FOUND` → the
 * model name or input is wrong; `BAD_RESPONSE` → the server does not speak the expected protocol;
 * `MODEL_UNAVAILABLE` → the built-in model could not load or its worker died; `CLOSED` → the
 * embedder was closed.
 */
export const EMBEDDING_ERROR_CODES = [
  "AUTH",
  "RATE_LIMITED",
  "TIMEOUT",
  "NETWORK",
  "SERVER",
  "BAD_REQUEST",
  "NOT_FOUND",
  "BAD_RESPONSE",
  "MODEL_UNAVAILABLE",
  "CLOSED",
] as const;
export type EmbeddingErrorCode = (typeof EMBEDDING_ERROR_CODES)[number];

export type EmbeddingProvider = "builtin" | "openai" | "openai-compatible" | "ollama";

export type EmbeddingProviderErrorDetails = {
  provider: EmbeddingProvider;
  model: string;
  code: EmbeddingErrorCode;
  /** HTTP status of the last attempt, when there was an answer. */
  status?: number;
  /** How many requests were made, retries included. */
  attempts?: number;
  /** The provider's own explanation (from its error body), already stripped of the API key. */
  providerMessage?: string;
  cause?: unknown;
};

/**
 * An embedding provider failed. The message names the provider (and the host for self-hosted
 * servers) and says why; it never contains the API key.
 */
export class EmbeddingProviderError extends Error {
  readonly provider: EmbeddingProvider;
  readonly model: string;
  readonly code: EmbeddingErrorCode;
  readonly status: number | undefined;
  readonly attempts: number;
  readonly providerMessage: string | undefined;

  constructor(message: string, details: EmbeddingProviderErrorDetails) {
    super(message, details.cause === undefined ? {} : { cause: details.cause });
    this.name = "EmbeddingProviderError";
    this.provider = details.provider;
    this.model = details.model;
    this.code = details.code;
    this.status = details.status;
    this.attempts = details.attempts ?? 1;
    this.providerMessage = details.providerMessage;
  }

  /** Worth trying again later (the provider was overloaded or unreachable, not misconfigured). */
  get retryable(): boolean {
    return (
      this.code === "RATE_LIMITED" ||
      this.code === "TIMEOUT" ||
      this.code === "NETWORK" ||
      this.code === "SERVER"
    );
  }
}

export function isEmbeddingProviderError(error: unknown): error is EmbeddingProviderError {
  return error instanceof EmbeddingProviderError;
}
