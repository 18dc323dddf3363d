/**
 * A stand-in for a remote model provider we cannot run here, for tests only. It speaks the real
 * OpenAI wire protocol on loopback (chat completions streamed as SSE or not, embeddings, models)
 * and records every request it receives, so a test can assert on what Ragtime sent.
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

type ChatBody = { messages?: { role: string; content: string }[]; stream?: boolean; model?: string };

export type FakeLlmOptions = {
  /** The answer's tokens, streamed one per SSE event (default: a short fixed answer). */
  reply?: string[] | ((body: ChatBody) => string[]);
  /** Dimension of the deterministic embeddings (default 8). */
  embeddingDim?: number;
  /** Model ids listed by GET /v1/models. */
  models?: string[];
  /** The API key expected in `Authorization: Bearer …`; any other gets a 401 like OpenAI's. */
  apiKey?: string;
  /** Pause between streamed tokens, ms (default 0). */
  tokenDelayMs?: number;
};

export type FakeLlm = {
  /** Base URL including `/v1`, as OpenAI clients expect it. */
  url: string;
  requests: RecordedRequest[];
  /** The next `count` requests answer `status` with an OpenAI-shaped error body. */
  failNext(status: number, count?: number): void;
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

export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];
  const failures: number[] = [];
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
      sendJson(res, failure, {
        error: { message: `fake provider error ${failure}`, type: "server_error", code: String(failure) },
      });
      return;
    }
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      sendJson(res, 401, {
        error: {
          message: "Incorrect API key provided",
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      });
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
      const chat = (body ?? {}) as ChatBody;
      const tokens =
        typeof options.reply === "function" ? options.reply(chat) : (options.reply ?? DEFAULT_FAKE_REPLY);
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
    sendJson(res, 404, {
      error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error" },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    failNext(status, count = 1) {
      for (let i = 0; i < count; i++) failures.push(status);
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
