// One JSON POST to a model provider with a timeout per attempt, retries with exponential backoff
// and jitter on 429/5xx/timeouts/network errors (Retry-After honoured), and failures turned into an
// EmbeddingProviderError that names the provider and quotes its explanation without the API key.
// Uses Node's global fetch: no client library, so OpenAI-compatible servers that only implement
// part of the API still work.

import {
  backoff,
  describeNetworkError,
  extractProviderMessage,
  hostOf,
  parseRetryAfter,
  providerSnippet,
  redact,
  sleep,
} from "../provider-http";
import { type EmbeddingErrorCode, type EmbeddingProvider, EmbeddingProviderError } from "./errors";

export type RetryPolicy = {
  /** Per attempt, body included. */
  timeoutMs: number;
  /** Extra attempts after the first one. */
  maxRetries: number;
  /** First backoff; doubled per retry, each delay jittered to 50–100 %. */
  retryBaseDelayMs: number;
  /** Longest wait between attempts; a Retry-After longer than this ends the retries. */
  maxRetryDelayMs: number;
};

export type ProviderIdentity = {
  provider: EmbeddingProvider;
  model: string;
  /** Human name used in messages, e.g. "OpenAI" or "Ollama at 10.0.0.5:11434". */
  label: string;
  /** Removed from every message that could echo it. */
  secret?: string | undefined;
};

type Failure = {
  code: EmbeddingErrorCode;
  retryable: boolean;
  reason: string;
  status?: number;
  providerMessage?: string;
  retryAfterMs?: number;
  cause?: unknown;
};

type Outcome = { ok: true; value: unknown } | { ok: false; failure: Failure };

export async function postJson(
  url: string,
  body: unknown,
  options: {
    headers: Record<string, string>;
    policy: RetryPolicy;
    who: ProviderIdentity;
    signal?: AbortSignal | undefined;
  },
): Promise<unknown> {
  const { policy, who, signal } = options;
  const payload = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(url, payload, options.headers, policy, who, signal);
    if (outcome.ok) return outcome.value;
    const { failure } = outcome;
    if (!failure.retryable || attempt > policy.maxRetries) throw toError(failure, attempt, who);
    let delay = backoff(attempt, policy);
    if (failure.retryAfterMs !== undefined) {
      if (failure.retryAfterMs > policy.maxRetryDelayMs) {
        const seconds = Math.ceil(failure.retryAfterMs / 1000);
        throw toError(
          { ...failure, reason: `${failure.reason} (asked to retry after ${seconds} s)` },
          attempt,
          who,
        );
      }
      delay = Math.max(delay, failure.retryAfterMs);
    }
    await sleep(delay, signal);
  }
}

async function attemptOnce(
  url: string,
  payload: string,
  headers: Record<string, string>,
  policy: RetryPolicy,
  who: ProviderIdentity,
  callerSignal: AbortSignal | undefined,
): Promise<Outcome> {
  const timeout = AbortSignal.timeout(policy.timeoutMs);
  const signal = callerSignal === undefined ? timeout : AbortSignal.any([callerSignal, timeout]);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: payload,
      signal,
    });
    // Reading the body is covered by the same deadline: a server may stall mid-answer.
    text = await response.text();
  } catch (error) {
    // The caller cancelling is not the provider's fault: pass the caller's own reason through.
    if (callerSignal?.aborted) throw callerSignal.reason;
    if (timeout.aborted) {
      return fail("TIMEOUT", true, `no answer within ${policy.timeoutMs} ms`, { cause: error });
    }
    return fail("NETWORK", true, `could not reach ${hostOf(url)} (${describeNetworkError(error)})`, {
      cause: error,
    });
  }

  if (response.ok) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (error) {
      return fail("BAD_RESPONSE", false, `answered HTTP ${response.status} with a body that is not JSON`, {
        providerMessage: providerSnippet(text, who.secret),
        cause: error,
      });
    }
  }

  const status = response.status;
  const providerMessage = providerSnippet(extractProviderMessage(text), who.secret);
  const retryAfterMs = parseRetryAfter(response.headers);
  const extra = {
    status,
    ...(providerMessage === "" ? {} : { providerMessage }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  const reason = `HTTP ${status}${providerMessage === "" ? "" : ` — ${providerMessage}`}`;
  if (status === 401 || status === 403) {
    return fail("AUTH", false, `${reason} (check the provider's API key)`, extra);
  }
  if (status === 404) return fail("NOT_FOUND", false, `${reason} (check the base URL and model name)`, extra);
  if (status === 408) return fail("TIMEOUT", true, reason, extra);
  if (status === 429) return fail("RATE_LIMITED", true, reason, extra);
  if (status >= 500) return fail("SERVER", true, reason, extra);
  return fail("BAD_REQUEST", false, reason, extra);
}

const fail = (
  code: EmbeddingErrorCode,
  retryable: boolean,
  reason: string,
  extra: Omit<Failure, "code" | "retryable" | "reason"> = {},
): Outcome => ({ ok: false, failure: { code, retryable, reason, ...extra } });

function toError(failure: Failure, attempts: number, who: ProviderIdentity): EmbeddingProviderError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  const message = redact(
    `${who.label} embedding request (model "${who.model}") failed${tries}: ${failure.reason}`,
    who.secret,
  );
  return new EmbeddingProviderError(message, {
    provider: who.provider,
    model: who.model,
    code: failure.code,
    attempts,
    ...(failure.status === undefined ? {} : { status: failure.status }),
    ...(failure.providerMessage === undefined ? {} : { providerMessage: failure.providerMessage }),
    ...(failure.cause === undefined ? {} : { cause: failure.cause }),
  });
}
