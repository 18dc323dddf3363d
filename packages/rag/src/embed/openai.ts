// OpenAI and OpenAI-compatible servers (vLLM, LM Studio, llama.cpp, DeepSeek, LocalAI, …):
// POST {baseUrl}/embeddings with `{ model, input: string[] }`, answer `{ data: [{ embedding, index }] }`.

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

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** Sizes of OpenAI's own models, so their dimension is known before the first call. */
export const OPENAI_EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

export type OpenAICompatibleEmbedderOptions = RemoteRetryOptions & {
  provider: "openai" | "openai-compatible";
  /** Up to the version segment, e.g. `http://localhost:8000/v1`. Default (openai only): https://api.openai.com/v1. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer …`; never appears in errors. */
  apiKey?: string;
  model: string;
  /**
   * The vectors' length. For OpenAI's text-embedding-3 models a value below the native size is
   * also sent as `dimensions` (server-side shortening); other servers only get it checked.
   */
  dimension?: number;
  /** Inputs per request. Default 128 (OpenAI accepts up to 2 048). */
  maxBatch?: number;
  /** Extra headers, e.g. `OpenAI-Organization` or a gateway's own key. */
  headers?: Record<string, string>;
};

export function createOpenAICompatibleEmbedder(options: OpenAICompatibleEmbedderOptions): RemoteEmbedder {
  const { provider, model } = options;
  const what = provider === "openai" ? "OpenAI embedder" : "OpenAI-compatible embedder";
  if (model.trim() === "") throw new TypeError(`${what}: model is required`);
  if (provider === "openai-compatible" && options.baseUrl === undefined) {
    throw new TypeError(`${what}: baseUrl is required`);
  }
  const baseUrl = parseBaseUrl(options.baseUrl ?? OPENAI_BASE_URL, what);
  const host = hostOf(baseUrl);
  const label =
    provider === "openai"
      ? host === "api.openai.com"
        ? "OpenAI"
        : `OpenAI (${host})`
      : `OpenAI-compatible server at ${host}`;
  const nativeDimension = provider === "openai" ? OPENAI_EMBEDDING_DIMENSIONS[model] : undefined;
  const dimension = options.dimension ?? nativeDimension;
  const shorten =
    provider === "openai" &&
    model.startsWith("text-embedding-3") &&
    options.dimension !== undefined &&
    options.dimension !== nativeDimension;
  const apiKey = options.apiKey === undefined || options.apiKey === "" ? undefined : options.apiKey;

  return createRemoteEmbedder({
    provider,
    model,
    label,
    url: `${baseUrl}/embeddings`,
    headers: { ...options.headers, ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }) },
    secret: apiKey,
    dimension,
    maxBatch: Math.floor(positive(options.maxBatch, 128)),
    policy: retryPolicy(options, 30_000),
    body: (texts) => ({
      model,
      // OpenAI refuses empty strings in `input`.
      input: texts.map((text) => (text === "" ? " " : text)),
      encoding_format: "float",
      ...(shorten ? { dimensions: options.dimension } : {}),
    }),
    vectors: readOpenAIEmbeddings,
  });
}

/** `data[i].embedding` as floats (or base64 little-endian float32, which some servers send anyway), placed by `index`. */
export function readOpenAIEmbeddings(answer: unknown, count: number): Float32Array[] {
  const data =
    typeof answer === "object" && answer !== null ? (answer as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) throw new MalformedAnswer("no `data` array in the answer");
  if (data.length !== count) throw new MalformedAnswer(`${data.length} embeddings for ${count} inputs`);
  const out = new Array<Float32Array | undefined>(count).fill(undefined);
  data.forEach((item: unknown, position) => {
    const { embedding, index } = (typeof item === "object" && item !== null ? item : {}) as {
      embedding?: unknown;
      index?: unknown;
    };
    const at = typeof index === "number" ? index : position;
    if (!Number.isInteger(at) || at < 0 || at >= count || out[at] !== undefined) {
      throw new MalformedAnswer(`bad or repeated index ${String(index)}`);
    }
    out[at] = toFloat32(embedding);
  });
  return out.map((vector, at) => {
    if (vector === undefined) throw new MalformedAnswer(`no embedding for input ${at}`);
    return vector;
  });
}

function toFloat32(embedding: unknown): Float32Array {
  if (Array.isArray(embedding) && embedding.every((value) => typeof value === "number")) {
    return Float32Array.from(embedding);
  }
  if (typeof embedding === "string") {
    const bytes = Buffer.from(embedding, "base64");
    if (bytes.length % 4 !== 0)
      throw new MalformedAnswer("a base64 embedding is not a whole number of floats");
    // Copied into a fresh aligned buffer: Buffer slices may start at any byte offset.
    return new Float32Array(new Uint8Array(bytes).buffer);
  }
  throw new MalformedAnswer("an embedding is neither an array of numbers nor base64");
}
