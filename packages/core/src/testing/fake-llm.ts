/**
 * A stand-in for the remote model providers we cannot run here, for tests only. On loopback it
 * speaks the real wire protocols — OpenAI (chat completions streamed as SSE or not, embeddings,
 * models, and the Jina/Cohere-style `/v1/rerank`), Ollama (`/api/chat` streamed as NDJSON,
 * `/api/embed`, `/api/tags`) and Anthropic (`/v1/messages` streamed as SSE events) — and records
 * every request it receives, so a test can assert on what Ragtime sent.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
};

type ChatBody = {
  messages?: { role: string; content: string }[];
  stream?: boolean;
  model?: string;
  /** Anthropic's system prompt (outside `messages`). */
  system?: string;
  max_tokens?: number;
};

export type FakeLlmOptions = {
  /** The answer's tokens, streamed one per SSE event (default: a short fixed answer). */
  reply?: string[] | ((body: ChatBody) => string[]);
  /** Dimension of the deterministic embeddings (default 8). */
  embeddingDim?: number;
  /** Model ids listed by GET /v1/models. */
  models?: string[];
  /**
   * The API key expected in `Authorization: Bearer …` (`x-api-key` on Anthropic's route); any
   * other gets a 401 shaped like that provider's.
   */
  apiKey?: string;
  /** Pause between streamed tokens, ms (default 0). */
  tokenDelayMs?: number;
};

export type FakeLlm = {
  /** Base URL including `/v1`, as OpenAI and Anthropic clients expect it. */
  url: string;
  /** The server's root, as Ollama clients expect it (`/api/...` lives there). */
  origin: string;
  requests: RecordedRequest[];
  /**
   * The next `count` requests answer `status` with an error body shaped like the route's provider;
   * `retryAfterMs` adds `retry-after-ms` (and a rounded-up `retry-after`) headers.
   */
  failNext(status: number, count?: number, options?: { retryAfterMs?: number }): void;
  /** The next `count` requests wait `ms` before answering (to trigger client timeouts). */
  delayNext(ms: number, count?: number): void;
  close(): Promise<void>;
};

export const DEFAULT_FAKE_REPLY = ["The ", "answer ", "is ", "in ", "the ", "passages", "."];

/** A deterministic unit vector per text: the same text always embeds the same way. */
export function fakeEmbedding(text: string, dim: number): number[] {
  const digest = createHash("sha256").update(text).digest();
  const vector = Array.from({ length: dim }, (_, i) => ((digest[i % digest.length] ?? 0) - 127.5) / 127.5);
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => x / norm);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString("utf8");
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deterministic relevance in [0, 1]: the share of the query's words found in the passage. */
export function fakeRelevance(query: string, passage: string): number {
  const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const asked = words(query);
  if (asked.size === 0) return 0;
  const found = words(passage);
  let hits = 0;
  for (const word of asked) if (found.has(word)) hits++;
  return hits / asked.size;
}

type Failure = { status: number; retryAfterMs: number | undefined };

function errorBody(path: string, status: number, message: string, type: string): unknown {
  // Each provider's own error shape: Anthropic `{type: "error", error}`, Ollama `{error: "..."}`.
  if (path === "/v1/messages") return { type: "error", error: { type, message } };
  if (path.startsWith("/api/")) return { error: message };
  return { error: { message, type, code: String(status) } };
}

export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  const delays: number[] = [];
  const dim = options.embeddingDim ?? 8;
  const models = options.models ?? ["fake-chat", "fake-embed"];

  const server = createServer(async (req, res) => {
    const body = await readJson(req);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });
    const delay = delays.shift();
    if (delay) await sleep(delay);
    if (res.destroyed) return;
    const failure = failures.shift();
    if (failure) {
      if (failure.retryAfterMs !== undefined) {
        res.setHeader("retry-after-ms", String(failure.retryAfterMs));
        res.setHeader("retry-after", String(Math.ceil(failure.retryAfterMs / 1000)));
      }
      const type = failure.status === 429 ? "rate_limit_error" : "server_error";
      sendJson(
        res,
        failure.status,
        errorBody(path, failure.status, `fake provider error ${failure.status}`, type),
      );
      return;
    }
    const presented =
      path === "/v1/messages" ? req.headers["x-api-key"] : req.headers.authorization?.replace(/^Bearer /, "");
    if (options.apiKey && presented !== options.apiKey) {
      const message = path === "/v1/messages" ? "invalid x-api-key" : "Incorrect API key provided";
      const isOpenAI = path.startsWith("/v1/") && path !== "/v1/messages";
      sendJson(
        res,
        401,
        isOpenAI
          ? { error: { message, type: "invalid_request_error", code: "invalid_api_key" } }
          : errorBody(path, 401, message, "authentication_error"),
      );
      return;
    }
    const chat = (body ?? {}) as ChatBody;
    const replyTokens = () =>
      typeof options.reply === "function" ? options.reply(chat) : (options.reply ?? DEFAULT_FAKE_REPLY);
    if (req.method === "POST" && path === "/v1/rerank") {
      const rerank = (body ?? {}) as { query?: string; documents?: unknown[]; top_n?: number };
      if (typeof rerank.query !== "string" || !Array.isArray(rerank.documents)) {
        sendJson(res, 400, errorBody(path, 400, "query and documents are required", "invalid_request_error"));
        return;
      }
      const query = rerank.query;
      const results = rerank.documents
        .map((doc, index) => ({
          index,
          relevance_score: fakeRelevance(query, typeof doc === "string" ? doc : JSON.stringify(doc)),
        }))
        .sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index)
        .slice(0, rerank.top_n ?? rerank.documents.length);
      sendJson(res, 200, { id: "rerank-fake", results, usage: { total_tokens: 1 } });
      return;
    }
    if (req.method === "GET" && path === "/api/tags") {
      sendJson(res, 200, {
        models: models.map((name) => ({
          name,
          model: name,
          modified_at: new Date(0).toISOString(),
          size: 1,
          digest: createHash("sha256").update(name).digest("hex"),
          details: { format: "gguf", family: "fake", parameter_size: "1B", quantization_level: "Q4_0" },
        })),
      });
      return;
    }
    if (req.method === "POST" && path === "/api/embed") {
      const input = (body as { input?: string | string[] }).input ?? [];
      const texts = Array.isArray(input) ? input : [input];
      sendJson(res, 200, {
        model: (body as { model?: string }).model ?? "fake-embed",
        embeddings: texts.map((text) => fakeEmbedding(text, dim)),
      });
      return;
    }
    if (req.method === "POST" && path === "/api/chat") {
      const tokens = replyTokens();
      const model = chat.model ?? "fake-chat";
      const line = (content: string, done: boolean) => ({
        model,
        created_at: new Date().toISOString(),
        message: { role: "assistant", content },
        done,
        ...(done ? { done_reason: "stop", total_duration: 1, eval_count: tokens.length } : {}),
      });
      // Ollama streams unless told not to.
      if (chat.stream === false) {
        sendJson(res, 200, line(tokens.join(""), true));
        return;
      }
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      for (const token of tokens) {
        if (res.destroyed) return;
        if (options.tokenDelayMs) await sleep(options.tokenDelayMs);
        res.write(`${JSON.stringify(line(token, false))}\n`);
      }
      res.end(`${JSON.stringify(line("", true))}\n`);
      return;
    }
    if (req.method === "POST" && path === "/v1/messages") {
      // The checks the real API makes that a client most easily gets wrong.
      const turns = chat.messages ?? [];
      const invalid =
        typeof chat.max_tokens !== "number"
          ? "max_tokens: Field required"
          : turns.length === 0
            ? "messages: at least one message is required"
            : turns[0]?.role !== "user"
              ? 'messages: first message must use the "user" role'
              : turns.some((t) => t.role !== "user" && t.role !== "assistant")
                ? 'messages: roles must be "user" or "assistant" (system goes in `system`)'
                : turns.some((t, i) => i > 0 && turns[i - 1]?.role === t.role)
                  ? 'messages: roles must alternate between "user" and "assistant"'
                  : undefined;
      if (invalid) {
        sendJson(res, 400, errorBody(path, 400, invalid, "invalid_request_error"));
        return;
      }
      const tokens = replyTokens();
      const model = chat.model ?? "fake-claude";
      const message = {
        id: "msg_fake",
        type: "message",
        role: "assistant",
        model,
        stop_sequence: null,
        usage: { input_tokens: 1, output_tokens: tokens.length },
      };
      if (!chat.stream) {
        sendJson(res, 200, {
          ...message,
          content: [{ type: "text", text: tokens.join("") }],
          stop_reason: "end_turn",
        });
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const event = (type: string, data: Record<string, unknown>) =>
        `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
      res.write(event("message_start", { message: { ...message, content: [], stop_reason: null } }));
      res.write(event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }));
      res.write(event("ping", {}));
      for (const token of tokens) {
        if (res.destroyed) return;
        if (options.tokenDelayMs) await sleep(options.tokenDelayMs);
        res.write(event("content_block_delta", { index: 0, delta: { type: "text_delta", text: token } }));
      }
      res.write(event("content_block_stop", { index: 0 }));
      res.write(
        event("message_delta", {
          delta: { stop_reason: "end_turn", stop_sequence: null },
          usage: { output_tokens: tokens.length },
        }),
      );
      res.end(event("message_stop", {}));
      return;
    }
    if (req.method === "GET" && path === "/v1/models") {
      sendJson(res, 200, {
        object: "list",
        data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })),
      });
      return;
    }
    if (req.method === "POST" && path === "/v1/embeddings") {
      const input = (body as { input?: string | string[] }).input ?? [];
      const texts = Array.isArray(input) ? input : [input];
      sendJson(res, 200, {
        object: "list",
        model: (body as { model?: string }).model ?? "fake-embed",
        data: texts.map((text, index) => ({
          object: "embedding",
          index,
          embedding: fakeEmbedding(text, dim),
        })),
        usage: { prompt_tokens: texts.length, total_tokens: texts.length },
      });
      return;
    }
    if (req.method === "POST" && path === "/v1/chat/completions") {
      const tokens = replyTokens();
      const model = chat.model ?? "fake-chat";
      const base = { id: "chatcmpl-fake", created: Math.floor(Date.now() / 1000), model };
      if (!chat.stream) {
        sendJson(res, 200, {
          ...base,
          object: "chat.completion",
          choices: [
            { index: 0, message: { role: "assistant", content: tokens.join("") }, finish_reason: "stop" },
          ],
          usage: { prompt_tokens: 1, completion_tokens: tokens.length, total_tokens: tokens.length + 1 },
        });
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const event = (delta: Record<string, unknown>, finish: string | null) =>
        `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(event({ role: "assistant", content: "" }, null));
      for (const token of tokens) {
        if (res.destroyed) return;
        if (options.tokenDelayMs) await sleep(options.tokenDelayMs);
        res.write(event({ content: token }, null));
      }
      res.write(event({}, "stop"));
      res.end("data: [DONE]\n\n");
      return;
    }
    sendJson(res, 404, errorBody(path, 404, `no route ${req.method} ${path}`, "not_found_error"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    failNext(status, count = 1, failOptions = {}) {
      for (let i = 0; i < count; i++) failures.push({ status, retryAfterMs: failOptions.retryAfterMs });
    },
    delayNext(ms, count = 1) {
      for (let i = 0; i < count; i++) delays.push(ms);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
