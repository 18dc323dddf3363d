// HTTP for chat and rerank calls, with Node's fetch (no SDK: OpenAI-compatible servers that only
// implement part of the API still work). The same approach as rag's embedders (`embed/http.ts`):
// a timeout per attempt, retries with exponential backoff and jitter on 429/5xx/timeouts/network
// errors, Retry-After honoured, failures named after the provider with its own explanation and
// without the API key. What is added here is streaming: an attempt is retried until the answer's
// headers arrive; after that a stream that falls silent for `timeoutMs` fails (it cannot be
// replayed once deltas have been handed on).

import {
  backoff,
  describeNetworkError,
  extractProviderMessage,
  hostOf,
  isRecord,
  parseRetryAfter,
  providerSnippet,
  redact,
  sleep,
} from "@ragtime/rag";
import { ModelProviderError, type ProviderFailure } from "./errors";

export type CallPolicy = {
  /** Per attempt: until the answer's headers (and whole body for JSON); the longest silence of a stream. */
  timeoutMs: number;
  /** Extra attempts after the first one. */
  maxRetries: number;
  /** First backoff; doubled per retry, each delay jittered to 50–100 %. */
  retryBaseDelayMs: number;
  /** Longest wait between attempts; a Retry-After longer than this ends the retries. */
  maxRetryDelayMs: number;
};

export const DEFAULT_POLICY: CallPolicy = {
  timeoutMs: 60_000,
  maxRetries: 3,
  retryBaseDelayMs: 500,
  maxRetryDelayMs: 30_000,
};

export type Who = {
  /** Human name used in messages, e.g. "OpenAI" or "Ollama at 10.0.0.5:11434". */
  label: string;
  /** Removed from every message that could echo it. */
  secret?: string | undefined;
};

export type CallOptions = {
  who: Who;
  policy: CallPolicy;
  headers: Record<string, string>;
  signal?: AbortSignal | undefined;
};

type Failure = {
  failure: ProviderFailure;
  retryable: boolean;
  reason: string;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
};

/** A JSON request (GET when body is undefined) answered with JSON; the whole exchange is retried. */
export async function requestJson(url: string, body: unknown, options: CallOptions): Promise<unknown> {
  return withRetries(url, body, options, async (response, deadline) => {
    const text = await readAll(response, deadline);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new FailureError({
        failure: "BAD_RESPONSE",
        retryable: false,
        reason: `answered HTTP ${response.status} with a body that is not JSON (${providerSnippet(text, options.who.secret) || "empty"})`,
        cause: error,
      });
    }
  });
}

/**
 * A POST whose answer is streamed: yields the body's lines as they arrive (without the newline).
 * Retries happen only before the first line.
 */
export async function* requestLines(
  url: string,
  body: unknown,
  options: CallOptions,
): AsyncGenerator<string> {
  const opened = await withRetries(url, body, options, async (response, deadline) => ({
    response,
    deadline,
  }));
  const { response, deadline } = opened;
  const reader = response.body?.getReader();
  if (!reader) throw providerError({ failure: "BAD_RESPONSE", retryable: false, reason: "no body" }, options);
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      deadline.restart();
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw streamFailure(error, deadline, options);
      }
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, "");
        buffer = buffer.slice(newline + 1);
        yield line;
        newline = buffer.indexOf("\n");
      }
    }
    buffer += decoder.decode();
    if (buffer !== "") yield buffer.replace(/\r$/, "");
  } finally {
    deadline.clear();
    // A consumer that stops early (client gone) must not leave the socket open.
    reader.cancel().catch(() => {});
  }
}

export type SseEvent = { event: string | undefined; data: string };

/** Server-sent events from streamed lines (`event:` + `data:` lines, a blank line ends an event). */
export async function* sseEvents(lines: AsyncIterable<string>): AsyncGenerator<SseEvent> {
  let event: string | undefined;
  let data: string[] = [];
  for await (const line of lines) {
    if (line === "") {
      if (data.length > 0) yield { event, data: data.join("\n") };
      event = undefined;
      data = [];
    } else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    else if (line.startsWith("event:")) event = line.slice(6).trim();
    // `id:`, `retry:` and `:` comments (keep-alives) are not needed here.
  }
  if (data.length > 0) yield { event, data: data.join("\n") };
}

/** Thrown inside an attempt; turned into a ModelProviderError (or retried) by `withRetries`. */
class FailureError extends Error {
  constructor(readonly detail: Failure) {
    super(detail.reason);
  }
}

/** The deadline of one attempt; restartable for the idle time between stream chunks. */
class Deadline {
  readonly controller = new AbortController();
  isExpired = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {
    this.restart();
  }

  restart() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.isExpired = true;
      this.controller.abort(new Error("timeout"));
    }, this.ms);
  }

  clear() {
    clearTimeout(this.timer);
  }
}

async function withRetries<T>(
  url: string,
  body: unknown,
  options: CallOptions,
  onOk: (response: Response, deadline: Deadline) => Promise<T>,
): Promise<T> {
  const { policy, signal } = options;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    const deadline = new Deadline(policy.timeoutMs);
    const combined = signal
      ? AbortSignal.any([signal, deadline.controller.signal])
      : deadline.controller.signal;
    let failure: Failure;
    try {
      const response = await fetch(url, {
        method: payload === undefined ? "GET" : "POST",
        headers: {
          accept: "application/json, text/event-stream, application/x-ndjson",
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
          ...options.headers,
        },
        ...(payload === undefined ? {} : { body: payload }),
        signal: combined,
      });
      if (response.ok) {
        const value = await onOk(response, deadline);
        return value;
      }
      failure = await httpFailure(response, deadline, options.who.secret);
    } catch (error) {
      deadline.clear();
      // The caller cancelling is not the provider's fault: pass the caller's own reason through.
      if (signal?.aborted) throw signal.reason;
      if (error instanceof FailureError) failure = error.detail;
      else if (deadline.isExpired)
        failure = {
          failure: "TIMEOUT",
          retryable: true,
          reason: `no answer within ${policy.timeoutMs} ms`,
          cause: error,
        };
      else
        failure = {
          failure: "NETWORK",
          retryable: true,
          reason: `could not reach ${hostOf(url)} (${describeNetworkError(error)})`,
          cause: error,
        };
    }
    if (!failure.retryable || attempt > policy.maxRetries) throw providerError(failure, options, attempt);
    let delay = backoff(attempt, policy);
    if (failure.retryAfterMs !== undefined) {
      if (failure.retryAfterMs > policy.maxRetryDelayMs) {
        const seconds = Math.ceil(failure.retryAfterMs / 1000);
        throw providerError(
          { ...failure, reason: `${failure.reason} (asked to retry after ${seconds} s)` },
          options,
          attempt,
        );
      }
      // The provider said when: that is the wait (no need to guess with a backoff).
      delay = failure.retryAfterMs;
    }
    await sleep(delay, signal);
  }
}

async function httpFailure(
  response: Response,
  deadline: Deadline,
  secret: string | undefined,
): Promise<Failure> {
  let text = "";
  try {
    text = await readAll(response, deadline);
  } catch {
    // The status says enough.
  }
  const status = response.status;
  const providerMessage = providerSnippet(extractProviderMessage(text), secret);
  const retryAfterMs = parseRetryAfter(response.headers);
  const extra = { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  const reason = `HTTP ${status}${providerMessage === "" ? "" : ` — ${providerMessage}`}`;
  if (status === 401 || status === 403) return { failure: "AUTH", retryable: false, reason, ...extra };
  if (status === 404)
    return {
      failure: "NOT_FOUND",
      retryable: false,
      reason: `${reason} (check the base URL and the model name)`,
      ...extra,
    };
  if (status === 408) return { failure: "TIMEOUT", retryable: true, reason, ...extra };
  if (status === 429) return { failure: "RATE_LIMITED", retryable: true, reason, ...extra };
  // 529: Anthropic's "overloaded".
  if (status >= 500) return { failure: "SERVER", retryable: true, reason, ...extra };
  return { failure: "BAD_REQUEST", retryable: false, reason, ...extra };
}

async function readAll(response: Response, deadline: Deadline): Promise<string> {
  try {
    return await response.text();
  } finally {
    deadline.clear();
  }
}

function streamFailure(error: unknown, deadline: Deadline, options: CallOptions): unknown {
  if (options.signal?.aborted) return options.signal.reason;
  if (deadline.isExpired) {
    return providerError(
      {
        failure: "TIMEOUT",
        retryable: false,
        reason: `the answer stopped for more than ${options.policy.timeoutMs} ms`,
        cause: error,
      },
      options,
    );
  }
  return providerError(
    {
      failure: "NETWORK",
      retryable: false,
      reason: `the connection broke mid-answer (${describeNetworkError(error)})`,
      cause: error,
    },
    options,
  );
}

export function providerError(failure: Failure, options: Pick<CallOptions, "who">, attempts = 1) {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  return new ModelProviderError({
    provider: options.who.label,
    failure: failure.failure,
    reason: redact(`${failure.reason}${tries}`, options.who.secret),
    status: failure.status,
    attempts,
    cause: failure.cause,
  });
}

/** A malformed answer or an error reported inside a stream. */
export function badResponse(
  options: Pick<CallOptions, "who">,
  reason: string,
  failure: ProviderFailure = "BAD_RESPONSE",
) {
  return providerError(
    { failure, retryable: false, reason: providerSnippet(reason, options.who.secret) },
    options,
  );
}

export { hostOf, isRecord };
