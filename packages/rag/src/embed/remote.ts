// What the OpenAI-style and Ollama embedders share: request splitting, answer validation, the
// dimension check and normalisation. Each provider only says how to build a body and read vectors.

import { type EmbeddingProvider, EmbeddingProviderError } from "./errors";
import { postJson, type RetryPolicy } from "./http";
import { l2Normalize } from "./normalize";
import type { Embedder, EmbedOptions } from "./types";

export type RemoteRetryOptions = {
  /** Per request attempt. */
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx, timeouts and network errors. Default 3. */
  maxRetries?: number;
  /** First backoff delay; doubles per retry, with jitter. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Cap of one backoff delay; a longer Retry-After fails at once. Default 30 000 ms. */
  maxRetryDelayMs?: number;
};

export interface RemoteEmbedder extends Embedder {
  readonly provider: EmbeddingProvider;
  readonly model: string;
  /** Known up front (option or model table) or learnt from the first answer; 0 until then. */
  readonly dimension: number;
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** Turned into a BAD_RESPONSE error naming the provider. */
export class MalformedAnswer extends Error {}

export type RemoteEmbedderSpec = {
  provider: EmbeddingProvider;
  model: string;
  label: string;
  url: string;
  headers: Record<string, string>;
  secret: string | undefined;
  dimension: number | undefined;
  maxBatch: number;
  policy: RetryPolicy;
  body(texts: string[]): unknown;
  /** Vectors in input order; throws MalformedAnswer when the JSON is not what the protocol promises. */
  vectors(answer: unknown, count: number): number[][] | Float32Array[];
};

export function retryPolicy(options: RemoteRetryOptions, defaultTimeoutMs: number): RetryPolicy {
  return {
    timeoutMs: positive(options.timeoutMs, defaultTimeoutMs),
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? 3)),
    retryBaseDelayMs: Math.max(0, options.retryBaseDelayMs ?? 500),
    maxRetryDelayMs: Math.max(0, options.maxRetryDelayMs ?? 30_000),
  };
}

export function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function parseBaseUrl(baseUrl: string, what: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`${what}: baseUrl "${baseUrl}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`${what}: baseUrl must be http(s), got ${url.protocol}`);
  }
  return url.href.replace(/\/+$/, "");
}

export function createRemoteEmbedder(spec: RemoteEmbedderSpec): RemoteEmbedder {
  let dimension = spec.dimension ?? 0;
  let closed = false;
  const who = { provider: spec.provider, model: spec.model, label: spec.label, secret: spec.secret };

  const malformed = (reason: string, cause?: unknown) =>
    new EmbeddingProviderError(
      `${spec.label} embedding answer (model "${spec.model}") is unusable: ${reason}`,
      {
        provider: spec.provider,
        model: spec.model,
        code: "BAD_RESPONSE",
        ...(cause === undefined ? {} : { cause }),
      },
    );

  const embedBatch = async (texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> => {
    const answer = await postJson(spec.url, spec.body(texts), {
      headers: spec.headers,
      policy: spec.policy,
      who,
      signal,
    });
    let raw: number[][] | Float32Array[];
    try {
      raw = spec.vectors(answer, texts.length);
    } catch (error) {
      if (error instanceof MalformedAnswer) throw malformed(error.message, error);
      throw error;
    }
    if (raw.length !== texts.length) throw malformed(`${raw.length} vectors for ${texts.length} texts`);
    const vectors = raw.map((vector) =>
      l2Normalize(vector instanceof Float32Array ? vector : Float32Array.from(vector)),
    );
    for (const vector of vectors) {
      if (vector.length === 0) throw malformed("an empty vector");
      if (dimension === 0) dimension = vector.length;
      if (vector.length !== dimension) {
        // A KB's index has one dimension; mixing sizes would corrupt it.
        throw malformed(
          `a ${vector.length}-d vector where ${dimension}-d was expected (check the dimension option)`,
        );
      }
      if (!vector.every(Number.isFinite)) throw malformed("a vector contains NaN or Infinity");
    }
    return vectors;
  };

  return {
    id: `${spec.model}@${spec.provider}`,
    provider: spec.provider,
    model: spec.model,
    get dimension() {
      return dimension;
    },
    maxBatch: spec.maxBatch,
    async embed(texts, options = {}) {
      if (closed) {
        throw new EmbeddingProviderError(`${spec.label} embedder (model "${spec.model}") is closed`, {
          provider: spec.provider,
          model: spec.model,
          code: "CLOSED",
        });
      }
      options.signal?.throwIfAborted();
      const out: Float32Array[] = [];
      // Sequential: a caller that wants parallel requests runs embedAll with a concurrency.
      for (let start = 0; start < texts.length; start += spec.maxBatch) {
        out.push(...(await embedBatch(texts.slice(start, start + spec.maxBatch), options.signal)));
      }
      return out;
    },
    async close() {
      closed = true;
    },
  };
}
