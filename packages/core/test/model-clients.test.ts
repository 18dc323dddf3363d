/**
 * The chat and rerank clients against the fake providers on loopback (real wire protocols):
 * streaming and not, what is sent, retries on 429/5xx/timeouts, and errors that name the provider.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../src/errors";
import {
  createAnthropicChatModel,
  createOllamaChatModel,
  createOpenAIChatModel,
  type RemoteModelSpec,
} from "../src/models/chat-clients";
import { isModelProviderError, type ModelProviderError } from "../src/models/errors";
import type { CallPolicy } from "../src/models/http";
import { effectiveBaseUrl } from "../src/models/provider-clients";
import { createRerankModel, toUnitInterval } from "../src/models/rerank-client";
import type { ChatModel, LlmMessage } from "../src/ports/llm";
import { DEFAULT_FAKE_REPLY, type FakeLlm, startFakeLlm } from "../src/testing/fake-llm";

const KEY = "sk-test-0123456789abcdefghijklmnop";
const FAST: CallPolicy = { timeoutMs: 2_000, maxRetries: 2, retryBaseDelayMs: 10, maxRetryDelayMs: 1_000 };
const MESSAGES: LlmMessage[] = [
  { role: "system", content: "Answer from the passages." },
  { role: "assistant", content: "Hi! What do you want to know?" },
  { role: "user", content: "What is in the passages?" },
];

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const delta of stream) out.push(delta);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<ModelProviderError> {
  const error = await promise.then(
    () => new Error("expected a failure"),
    (caught: unknown) => caught,
  );
  if (!isModelProviderError(error)) throw error;
  return error;
}

describe("model clients on the fake providers", () => {
  let fake: FakeLlm;
  const spec = (overrides: Partial<RemoteModelSpec> = {}): RemoteModelSpec => ({
    id: "fake-chat@test",
    model: "fake-chat",
    baseUrl: fake.url,
    apiKey: KEY,
    contextTokens: 8192,
    label: "Test provider",
    policy: FAST,
    ...overrides,
  });
  const kinds: Array<[string, (o?: Partial<RemoteModelSpec>) => ChatModel]> = [
    ["OpenAI", (o) => createOpenAIChatModel({ ...spec(o), kind: "openai" })],
    ["OpenAI-compatible", (o) => createOpenAIChatModel({ ...spec(o), kind: "openai-compatible" })],
    [
      "Ollama",
      (o) => createOllamaChatModel(spec({ baseUrl: effectiveBaseUrl("ollama", `${fake.origin}/v1`), ...o })),
    ],
    ["Anthropic", (o) => createAnthropicChatModel(spec(o))],
  ];

  beforeAll(async () => {
    fake = await startFakeLlm({ apiKey: KEY });
  });
  afterAll(async () => {
    await fake.close();
  });

  it.each(kinds)("%s: streams the answer's deltas and completes it whole", async (_kind, make) => {
    const model = make();
    expect(await collect(model.stream({ messages: MESSAGES, temperature: 0.1, maxTokens: 64 }))).toEqual(
      DEFAULT_FAKE_REPLY,
    );
    expect(await model.complete({ messages: MESSAGES, temperature: 0.1 })).toBe(DEFAULT_FAKE_REPLY.join(""));
  });

  it("sends each protocol's own body", async () => {
    fake.requests.length = 0;
    for (const [, make] of kinds) {
      await make().complete({ messages: MESSAGES, temperature: 0.2, topP: 0.3, maxTokens: 100 });
    }
    const [openai, compatible, ollama, anthropic] = fake.requests.map((r) => ({
      path: r.path,
      headers: r.headers,
      body: r.body as Record<string, unknown>,
    }));
    expect(openai).toMatchObject({ path: "/v1/chat/completions", body: { max_completion_tokens: 100 } });
    expect(openai?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(compatible).toMatchObject({ path: "/v1/chat/completions", body: { max_tokens: 100, top_p: 0.3 } });
    // Ollama gets the model's whole context window, or it would cut the knowledge off the prompt.
    expect(ollama).toMatchObject({
      path: "/api/chat",
      body: { stream: false, options: { num_ctx: 8192, num_predict: 100, temperature: 0.2 } },
    });
    expect(anthropic).toMatchObject({
      path: "/v1/messages",
      body: {
        system: "Answer from the passages.",
        max_tokens: 100,
        temperature: 0.2,
        messages: [{ role: "user", content: "What is in the passages?" }],
      },
    });
    expect(anthropic?.body).not.toHaveProperty("top_p");
    expect(anthropic?.headers["x-api-key"]).toBe(KEY);
    expect(anthropic?.headers["anthropic-version"]).toBe("2023-06-01");
  });

  it.each(kinds)("%s: a wrong key is a 400 naming the provider, without the key", async (_kind, make) => {
    const wrong = "sk-wrong-abcdefghijklmnopqrstuvwxyz";
    const error = await failure(collect(make({ apiKey: wrong }).stream({ messages: MESSAGES })));
    expect(error.failure).toBe("AUTH");
    expect(error.status).toBe(400);
    expect(error.attempts).toBe(1);
    expect(error.message).toContain("Test provider refused the API key");
    expect(error.message).toContain("HTTP 401");
    expect(error.message).not.toContain(wrong);
  });

  it("retries 429s (honouring Retry-After) and 5xx, then succeeds", async () => {
    const model = createOpenAIChatModel({ ...spec(), kind: "openai" });
    fake.failNext(429, 1, { retryAfterMs: 30 });
    fake.failNext(503, 1);
    fake.requests.length = 0;
    expect(await collect(model.stream({ messages: MESSAGES }))).toEqual(DEFAULT_FAKE_REPLY);
    expect(fake.requests).toHaveLength(3);
  });

  it("reports a provider that keeps rate-limiting as a 502 after the retries", async () => {
    const model = createAnthropicChatModel(spec());
    fake.failNext(429, 3, { retryAfterMs: 5 });
    const error = await failure(model.complete({ messages: MESSAGES }));
    expect(error.failure).toBe("RATE_LIMITED");
    expect(error.status).toBe(502);
    expect(error.attempts).toBe(3);
    expect(error.message).toMatch(
      /^Test provider failed: HTTP 429 — fake provider error 429 after 3 attempts$/,
    );
  });

  it("gives up at once when Retry-After asks for longer than the longest backoff", async () => {
    const model = createOpenAIChatModel({ ...spec(), kind: "openai-compatible" });
    fake.failNext(429, 1, { retryAfterMs: 60_000 });
    const error = await failure(model.complete({ messages: MESSAGES }));
    expect(error.attempts).toBe(1);
    expect(error.message).toContain("asked to retry after 60 s");
  });

  it("retries a provider that does not answer in time, then reports the timeout", async () => {
    const slow = { ...FAST, timeoutMs: 150 };
    const model = createOllamaChatModel(spec({ baseUrl: fake.origin, policy: slow }));
    fake.delayNext(400, 1);
    expect(await model.complete({ messages: MESSAGES })).toBe(DEFAULT_FAKE_REPLY.join(""));
    fake.delayNext(400, 3);
    const error = await failure(collect(model.stream({ messages: MESSAGES })));
    expect(error.failure).toBe("TIMEOUT");
    expect(error.status).toBe(502);
    expect(error.message).toContain("no answer within 150 ms after 3 attempts");
  });

  it("a stream that falls silent mid-answer fails with the reason", async () => {
    const sleepy = await startFakeLlm({ tokenDelayMs: 300 });
    try {
      const model = createOpenAIChatModel({
        ...spec({ baseUrl: sleepy.url, policy: { ...FAST, timeoutMs: 100 } }),
        kind: "openai",
      });
      const error = await failure(collect(model.stream({ messages: MESSAGES })));
      expect(error.failure).toBe("TIMEOUT");
      expect(error.message).toContain("stopped for more than 100 ms");
    } finally {
      await sleepy.close();
    }
  });

  it("an unreachable provider is a network error naming the host", async () => {
    const gone = await startFakeLlm();
    const url = gone.url;
    await gone.close();
    const model = createOpenAIChatModel({ ...spec({ baseUrl: url }), kind: "openai-compatible" });
    const error = await failure(model.complete({ messages: MESSAGES }));
    expect(error.failure).toBe("NETWORK");
    expect(error.attempts).toBe(3);
    expect(error.message).toContain(`could not reach ${new URL(url).host}`);
  });

  it("the caller's abort ends the call with the caller's reason, without retries", async () => {
    const model = createOpenAIChatModel({ ...spec(), kind: "openai" });
    const controller = new AbortController();
    fake.delayNext(500, 1);
    fake.requests.length = 0;
    const pending = model.complete({ messages: MESSAGES, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("client went away")), 50);
    await expect(pending).rejects.toThrow("client went away");
    expect(fake.requests).toHaveLength(1);
  });

  it("an Anthropic request that breaks its rules is a 400 quoting Anthropic", async () => {
    const model = createAnthropicChatModel(spec());
    const error = await failure(
      model.complete({ messages: [{ role: "system", content: "only a system prompt" }] }),
    );
    expect(error.failure).toBe("BAD_REQUEST");
    expect(isAppError(error) && error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("at least one message");
  });

  it("a provider that echoes the refused key in its error never gets it into the message", async () => {
    const { createServer } = await import("node:http");
    const echo = createServer((req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `bad key ${req.headers.authorization ?? ""}` } }));
    });
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    const { port } = echo.address() as { port: number };
    try {
      const model = createOpenAIChatModel({
        ...spec({ baseUrl: `http://127.0.0.1:${port}/v1` }),
        kind: "openai-compatible",
      });
      const error = await failure(model.complete({ messages: MESSAGES }));
      expect(error.message).toContain("bad key Bearer ***");
      expect(error.message).not.toContain(KEY);
      expect(JSON.stringify(error.params)).not.toContain(KEY);
    } finally {
      echo.close();
    }
  });

  it("reranks through /rerank with scores in [0, 1], in the passages' order", async () => {
    const reranker = createRerankModel(spec({ model: "fake-rerank" }));
    const scores = await reranker.rerank("apple net sales", [
      "The weather is nice",
      "Apple reported net sales of 83 billion",
      "Net income rose",
    ]);
    expect(scores).toHaveLength(3);
    expect(scores[1]).toBe(1);
    expect(scores[0]).toBe(0);
    expect(scores[2]).toBeCloseTo(1 / 3, 5);
    expect(await reranker.rerank("q", [])).toEqual([]);
    expect(toUnitInterval([2, -1, 0])).toEqual([1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(1)), 0.5]);
  });
});
