// Ollama: POST {baseUrl}/api/embed with `{ model, input: string[] }`, answer `{ embeddings: number[][] }`.
// (The older /api/embeddings takes one prompt per request; /api/embed batches and exists since 0.3.)

import { hostOf } from "../provider-http";
import {
  createRemoteEmbedder,
  MalformedAnswer,
  parseBaseUrl,
  positive,
  type RemoteEmbedder,
  type RemoteRetryOptions,
  retryPolicy,
} from "./remote";

export const OLLAMA_BASE_URL = "http://127.0.0.1:11434";

export type OllamaEmbedderOptions = RemoteRetryOptions & {
  /** Default http://127.0.0.1:11434 (Ollama's default). */
  baseUrl?: string;
  model: string;
  /** Checked against the answers; learnt from the first one when omitted. */
  dimension?: number;
  /** Inputs per request. Default 32: a CPU-only Ollama takes a while per batch. */
  maxBatch?: number;
  /** For an Ollama behind an authenticating proxy; sent as `Authorization: Bearer …`. */
  apiKey?: string;
  /** How long Ollama keeps the model loaded after a call, e.g. "10m". Ollama's default otherwise. */
  keepAlive?: string;
};

export function createOllamaEmbedder(options: OllamaEmbedderOptions): RemoteEmbedder {
  const what = "Ollama embedder";
  if (options.model.trim() === "") throw new TypeError(`${what}: model is required`);
  const baseUrl = parseBaseUrl(options.baseUrl ?? OLLAMA_BASE_URL, what);
  const apiKey = options.apiKey === undefined || options.apiKey === "" ? undefined : options.apiKey;
  return createRemoteEmbedder({
    provider: "ollama",
    model: options.model,
    label: `Ollama at ${hostOf(baseUrl)}`,
    url: `${baseUrl}/api/embed`,
    headers: apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` },
    secret: apiKey,
    dimension: options.dimension,
    maxBatch: Math.floor(positive(options.maxBatch, 32)),
    // The first call may load the model from disk into memory: allow for it.
    policy: retryPolicy(options, 120_000),
    body: (texts) => ({
      model: options.model,
      input: texts,
      // Over-long inputs are cut to the model's context instead of failing the whole batch.
      truncate: true,
      ...(options.keepAlive === undefined ? {} : { keep_alive: options.keepAlive }),
    }),
    vectors: (answer, count) => {
      const embeddings =
        typeof answer === "object" && answer !== null
          ? (answer as { embeddings?: unknown }).embeddings
          : undefined;
      if (!Array.isArray(embeddings)) throw new MalformedAnswer("no `embeddings` array in the answer");
      if (embeddings.length !== count)
        throw new MalformedAnswer(`${embeddings.length} embeddings for ${count} inputs`);
      return embeddings.map((vector: unknown) => {
        if (!Array.isArray(vector) || !vector.every((value) => typeof value === "number")) {
          throw new MalformedAnswer("an embedding is not an array of numbers");
        }
        return vector as number[];
      });
    },
  });
}
