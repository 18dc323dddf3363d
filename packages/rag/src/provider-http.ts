// What every call to a remote model provider needs, whatever it asks for (embeddings here, chat and
// rerank in @ragtime/core): backoff, Retry-After, the provider's own explanation of a failure, and
// keeping the API key out of every message.

export const MAX_PROVIDER_MESSAGE = 500;

/** Equal jitter: half the exponential delay is fixed, half random, so retries of many callers spread out. */
export function backoff(
  attempt: number,
  policy: { retryBaseDelayMs: number; maxRetryDelayMs: number },
): number {
  const exponential = Math.min(policy.maxRetryDelayMs, policy.retryBaseDelayMs * 2 ** (attempt - 1));
  return exponential / 2 + (Math.random() * exponential) / 2;
}

/** `retry-after-ms` (OpenAI, Azure) or `retry-after` in seconds or as an HTTP date. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms")?.trim();
  if (milliseconds !== undefined && /^\d+(\.\d+)?$/.test(milliseconds)) return Number(milliseconds);
  const value = headers.get("retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The provider's own words: OpenAI `{error: {message}}`, Anthropic `{type: "error", error:
 * {message}}`, Ollama `{error: "..."}`, vLLM and others `{message}` or `{detail}`; else the body
 * itself (an HTML error page reduced to its text).
 */
export function extractProviderMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed)) {
      const { error } = parsed;
      if (typeof error === "string") return error;
      if (isRecord(error) && typeof error.message === "string") return error.message;
      if (typeof parsed.message === "string") return parsed.message;
      if (typeof parsed.detail === "string") return parsed.detail;
    }
  } catch {
    // Not JSON: fall through to the raw body.
  }
  return body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]+>/g, " ");
}

/** Some servers echo the key they refused; it must reach no log, no message, no UI. */
export function redact(text: string, secret: string | undefined): string {
  if (secret === undefined || secret.length < 4) return text;
  return text.replaceAll(secret, "***");
}

/** A provider's text made fit for a message: key removed, whitespace flattened, length bounded. */
export function providerSnippet(text: string, secret: string | undefined): string {
  const flat = redact(text, secret).replace(/\s+/g, " ").trim();
  return flat.length > MAX_PROVIDER_MESSAGE ? `${flat.slice(0, MAX_PROVIDER_MESSAGE)}…` : flat;
}

export function describeNetworkError(error: unknown): string {
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND…) in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}

/** Host and port only: a URL may carry credentials in its user-info part. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the server";
  }
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
