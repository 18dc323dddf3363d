import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { extractProviderMessage, parseRetryAfter } from "../provider-http";
import { EmbeddingProviderError, isEmbeddingProviderError } from "./errors";
import { dotProduct } from "./normalize";
import { createOllamaEmbedder } from "./ollama";
import { createOpenAICompatibleEmbedder } from "./openai";

// A fake provider on loopback that speaks the real wire formats (OpenAI POST /v1/embeddings,
// Ollama POST /api/embed) and records every request. Tests queue scripted replies; requests past
// the script get a normal answer.

type Recorded = { method: string; path: string; headers: IncomingHttpHeaders; body: unknown };
type Reply = (request: Recorded, response: ServerResponse) => void;

const DIMENSION = 8;
const API_KEY = "sk-test-0123456789abcdef";

/** Deterministic and deliberately not unit length, so normalisation is visible. */
function fakeVector(text: string): number[] {
  const vector = Array.from(
    { length: DIMENSION },
    (_, i) => ((text.charCodeAt(i % Math.max(1, text.length)) || 1) % 17) + i,
  );
  vector[0] = text.length + 3;
  return vector;
}

const unit = (vector: number[]) => {
  const length = Math.hypot(...vector);
  return vector.map((value) => value / length);
};

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

const openAIError = (message: string, type: string, code: string | null) => ({
  error: { message, type, param: null, code },
});

function normalReply(request: Recorded, response: ServerResponse) {
  if (request.path === "/v1/embeddings") {
    if (
      request.headers.authorization !== undefined &&
      request.headers.authorization !== `Bearer ${API_KEY}`
    ) {
      // Some compatible servers echo the refused key; the client must not pass it on.
      const key = request.headers.authorization.replace(/^Bearer /, "");
      json(
        response,
        401,
        openAIError(`Incorrect API key provided: ${key}.`, "invalid_request_error", "invalid_api_key"),
      );
      return;
    }
    const { input, model } = request.body as { input: string[]; model: string };
    json(response, 200, {
      object: "list",
      data: input.map((text, index) => ({ object: "embedding", index, embedding: fakeVector(text) })),
      model,
      usage: { prompt_tokens: input.length, total_tokens: input.length },
    });
    return;
  }
  if (request.path === "/api/embed") {
    const { input, model } = request.body as { input: string[]; model: string };
    if (model !== "nomic-embed-text") {
      json(response, 404, { error: `model "${model}" not found, try pulling it first` });
      return;
    }
    json(response, 200, {
      model,
      embeddings: input.map((text) => unit(fakeVector(text))),
      total_duration: 14_143_917,
      load_duration: 1_019_500,
      prompt_eval_count: input.length,
    });
    return;
  }
  json(response, 404, { error: "not found" });
}

let server: Server;
let baseUrl: string;
let host: string;
const requests: Recorded[] = [];
const script: Reply[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const recorded: Recorded = {
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: text === "" ? undefined : JSON.parse(text),
      };
      requests.push(recorded);
      (script.shift() ?? normalReply)(recorded, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  baseUrl = `http://${host}`;
});

afterEach(() => {
  requests.length = 0;
  script.length = 0;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const fast = { retryBaseDelayMs: 5, maxRetryDelayMs: 2_000 };

function compatible(options: Partial<Parameters<typeof createOpenAICompatibleEmbedder>[0]> = {}) {
  return createOpenAICompatibleEmbedder({
    provider: "openai-compatible",
    baseUrl: `${baseUrl}/v1`,
    apiKey: API_KEY,
    model: "bge-small-en",
    timeoutMs: 5_000,
    maxRetries: 3,
    ...fast,
    ...options,
  });
}

async function caught(promise: Promise<unknown>): Promise<EmbeddingProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isEmbeddingProviderError(error))
    throw new Error(`expected an EmbeddingProviderError, got ${String(error)}`);
  return error;
}

describe("OpenAI-compatible embedder", () => {
  it("batches requests in the OpenAI wire format with the bearer key, and returns unit vectors in order", async () => {
    const embedder = compatible({ maxBatch: 3 });
    expect(embedder.id).toBe("bge-small-en@openai-compatible");
    expect(embedder.dimension).toBe(0);
    const texts = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", ""];
    const vectors = await embedder.embed(texts);

    expect(requests.map((request) => (request.body as { input: string[] }).input.length)).toEqual([3, 3, 1]);
    for (const request of requests) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/v1/embeddings");
      expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.body).toMatchObject({ model: "bge-small-en", encoding_format: "float" });
      expect(request.body).not.toHaveProperty("dimensions");
    }
    // OpenAI refuses empty strings: they go out as a single space.
    expect(requests[2]?.body).toMatchObject({ input: [" "] });
    expect(vectors).toHaveLength(texts.length);
    texts.forEach((text, i) => {
      const vector = vectors[i] ?? new Float32Array();
      expect(Math.sqrt(dotProduct(vector, vector))).toBeCloseTo(1, 5);
      expect(dotProduct(vector, unit(fakeVector(text === "" ? " " : text)))).toBeCloseTo(1, 5);
    });
    expect(embedder.dimension).toBe(DIMENSION);
    // Nothing to embed: no request at all.
    expect(await embedder.embed([])).toEqual([]);
    expect(requests).toHaveLength(3);
  });

  it("places vectors by their `index` when the server answers out of order", async () => {
    script.push((request, response) => {
      const { input } = request.body as { input: string[] };
      const data = input.map((text, index) => ({ object: "embedding", index, embedding: fakeVector(text) }));
      json(response, 200, { object: "list", data: data.reverse(), model: "m" });
    });
    const vectors = await compatible().embed(["one", "two", "three"]);
    expect(dotProduct(vectors[0] ?? [], unit(fakeVector("one")))).toBeCloseTo(1, 5);
    expect(dotProduct(vectors[2] ?? [], unit(fakeVector("three")))).toBeCloseTo(1, 5);
  });

  it("retries after a 429, waiting as long as Retry-After says, then succeeds", async () => {
    script.push((_request, response) =>
      json(response, 429, openAIError("Rate limit reached for requests", "requests", "rate_limit_exceeded"), {
        "retry-after": "1",
      }),
    );
    const started = performance.now();
    const vectors = await compatible().embed(["rate limited"]);
    const elapsed = performance.now() - started;
    expect(vectors).toHaveLength(1);
    expect(requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(950);
  });

  it("retries 500s with backoff, then fails with an error naming the provider and its message", async () => {
    for (let i = 0; i < 4; i++) {
      script.push((_request, response) =>
        json(response, 500, { object: "error", message: "CUDA out of memory" }),
      );
    }
    const error = await caught(compatible({ maxRetries: 3 }).embed(["boom"]));
    expect(requests).toHaveLength(4);
    expect(error).toBeInstanceOf(EmbeddingProviderError);
    expect(error).toMatchObject({
      provider: "openai-compatible",
      model: "bge-small-en",
      code: "SERVER",
      status: 500,
      attempts: 4,
      providerMessage: "CUDA out of memory",
    });
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`OpenAI-compatible server at ${host}`);
    expect(error.message).toContain("after 4 attempts");
    expect(error.message).toContain("HTTP 500");
    expect(error.message).toContain("CUDA out of memory");
  });

  it("times out each attempt, retries, then reports a timeout", async () => {
    const stall: Reply = (_request, response) => {
      // Never answered in time; the socket is closed by the client's abort.
      setTimeout(() => {
        if (!response.destroyed) json(response, 200, { data: [] });
      }, 3_000).unref();
    };
    script.push(stall, stall);
    const started = performance.now();
    const error = await caught(compatible({ timeoutMs: 150, maxRetries: 1 }).embed(["slow"]));
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(requests).toHaveLength(2);
    expect(error).toMatchObject({ code: "TIMEOUT", provider: "openai-compatible", attempts: 2 });
    expect(error.message).toContain("no answer within 150 ms");
  });

  it("reports a wrong API key (401) at once, naming OpenAI, without leaking the key", async () => {
    const wrongKey = "sk-wrong-key-that-must-not-leak-42";
    const embedder = createOpenAICompatibleEmbedder({
      provider: "openai",
      baseUrl: `${baseUrl}/v1`,
      apiKey: wrongKey,
      model: "text-embedding-3-small",
      timeoutMs: 5_000,
      maxRetries: 3,
      ...fast,
    });
    expect(embedder.dimension).toBe(1536);
    const error = await caught(embedder.embed(["hello"]));
    expect(requests).toHaveLength(1);
    expect(error).toMatchObject({ provider: "openai", code: "AUTH", status: 401, attempts: 1 });
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`OpenAI (${host})`);
    expect(error.message).toContain("Incorrect API key provided");
    expect(error.message).toContain("check the provider's API key");
    for (const text of [
      error.message,
      error.providerMessage ?? "",
      inspect(error, { depth: 5 }),
      JSON.stringify(error),
    ]) {
      expect(text).not.toContain(wrongKey);
    }
  });

  it("does not retry other 4xx and quotes the provider's reason", async () => {
    script.push((_request, response) =>
      json(
        response,
        400,
        openAIError("This model's maximum context length is 8192 tokens", "invalid_request_error", null),
      ),
    );
    const error = await caught(compatible().embed(["too long"]));
    expect(requests).toHaveLength(1);
    expect(error).toMatchObject({ code: "BAD_REQUEST", status: 400 });
    expect(error.message).toContain("maximum context length is 8192 tokens");
  });

  it("retries network errors and reports the unreachable host", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const embedder = compatible({ baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 1 });
    const error = await caught(embedder.embed(["anyone there?"]));
    expect(error).toMatchObject({ code: "NETWORK", attempts: 2 });
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("rejects an answer that does not follow the protocol or the declared dimension", async () => {
    script.push((_request, response) => json(response, 200, { result: "not the OpenAI format" }));
    expect(await caught(compatible().embed(["x"]))).toMatchObject({ code: "BAD_RESPONSE" });
    const error = await caught(compatible({ dimension: 384 }).embed(["x"]));
    expect(error).toMatchObject({ code: "BAD_RESPONSE" });
    expect(error.message).toContain("8-d vector where 384-d was expected");
  });

  it("asks OpenAI's text-embedding-3 models for shortened vectors when a smaller dimension is set", async () => {
    const embedder = compatible({
      provider: "openai",
      model: "text-embedding-3-large",
      dimension: DIMENSION,
    });
    expect(embedder.dimension).toBe(DIMENSION);
    await embedder.embed(["short"]);
    expect(requests[0]?.body).toMatchObject({ model: "text-embedding-3-large", dimensions: DIMENSION });
  });

  it("stops at once when the caller aborts, with the caller's reason", async () => {
    script.push((_request, response) =>
      json(response, 503, { error: { message: "overloaded" } }, { "retry-after": "1" }),
    );
    const controller = new AbortController();
    const pending = compatible().embed(["cancel me"], { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("ingestion cancelled")), 200);
    await expect(pending).rejects.toThrow("ingestion cancelled");
    expect(requests).toHaveLength(1);
  });

  it("refuses a compatible provider without a base URL, and non-http URLs", () => {
    expect(() => createOpenAICompatibleEmbedder({ provider: "openai-compatible", model: "m" })).toThrow(
      /baseUrl/,
    );
    expect(() => compatible({ baseUrl: "file:///etc/passwd" })).toThrow(/http/);
  });
});

describe("Ollama embedder", () => {
  it("posts batches to /api/embed and returns unit vectors", async () => {
    const embedder = createOllamaEmbedder({
      baseUrl,
      model: "nomic-embed-text",
      maxBatch: 2,
      keepAlive: "10m",
    });
    expect(embedder.id).toBe("nomic-embed-text@ollama");
    const vectors = await embedder.embed(["a", "b", "c"]);
    expect(requests.map((request) => request.path)).toEqual(["/api/embed", "/api/embed"]);
    expect(requests[0]?.body).toEqual({
      model: "nomic-embed-text",
      input: ["a", "b"],
      truncate: true,
      keep_alive: "10m",
    });
    expect(requests[0]?.headers.authorization).toBeUndefined();
    expect(vectors).toHaveLength(3);
    expect(dotProduct(vectors[2] ?? [], unit(fakeVector("c")))).toBeCloseTo(1, 5);
    expect(embedder.dimension).toBe(DIMENSION);
  });

  it("reports a missing model with Ollama's own words and the host", async () => {
    const error = await caught(
      createOllamaEmbedder({ baseUrl, model: "no-such-model", ...fast }).embed(["x"]),
    );
    expect(requests).toHaveLength(1);
    expect(error).toMatchObject({ provider: "ollama", code: "NOT_FOUND", status: 404 });
    expect(error.message).toContain(`Ollama at ${host}`);
    expect(error.message).toContain('model "no-such-model" not found, try pulling it first');
  });

  it("retries a 503 (model loading) and succeeds", async () => {
    script.push((_request, response) => json(response, 503, { error: "server busy, please try again" }));
    const vectors = await createOllamaEmbedder({ baseUrl, model: "nomic-embed-text", ...fast }).embed(["x"]);
    expect(vectors).toHaveLength(1);
    expect(requests).toHaveLength(2);
  });
});

describe("HTTP helpers", () => {
  it("reads Retry-After as seconds, HTTP date or retry-after-ms", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter(new Headers({ "retry-after": "2" }), now)).toBe(2_000);
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" }), now)).toBe(5_000);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    expect(parseRetryAfter(new Headers({}), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
  });

  it("extracts the provider's message from the usual error bodies", () => {
    expect(extractProviderMessage('{"error":{"message":"bad key","type":"auth"}}')).toBe("bad key");
    expect(extractProviderMessage('{"error":"model not found"}')).toBe("model not found");
    expect(extractProviderMessage('{"object":"error","message":"too long"}')).toBe("too long");
    expect(extractProviderMessage('{"detail":"Not Found"}')).toBe("Not Found");
    expect(extractProviderMessage("<html><body><h1>502 Bad Gateway</h1></body></html>").trim()).toContain(
      "502 Bad Gateway",
    );
  });

  it("gives up at once when Retry-After is longer than the longest allowed wait", async () => {
    script.push((_request, response) =>
      json(response, 429, openAIError("quota", "insufficient_quota", null), { "retry-after": "3600" }),
    );
    const started = performance.now();
    const error = await caught(compatible().embed(["x"]));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, attempts: 1 });
    expect(error.message).toContain("asked to retry after 3600 s");
  });
});
