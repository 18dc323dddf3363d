import type { AppRouter, RouterInputs, RouterOutputs } from "@ragtime/server/router";
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
} from "@trpc/client";
import { EventSource } from "eventsource";

export type { AppRouter, RouterInputs, RouterOutputs };
export { TRPCClientError };

export type ClientOptions = {
  /** Where Ragtime runs, e.g. `http://localhost:9380` (the client adds `/trpc`). */
  url: string;
  /** An API key (`rt-…`), for programs. */
  apiKey?: string;
  /** A session token from `auth.login`, for acting as a person. */
  sessionToken?: string;
  /** Act in another workspace the session's user has joined (sessions only). */
  tenantId?: string;
  /** Language of error messages: `en`, `fr` or `zh`. */
  language?: string;
  /** A fetch implementation (defaults to the global one). */
  fetch?: typeof globalThis.fetch;
};

export type RagtimeClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/**
 * The typed client of Ragtime's API. Every procedure of the server is a method:
 * `await client.users.me.query()`, `await client.apiKeys.create.mutate({ name })`.
 * Works in Node (≥ 24) and in browsers; subscriptions stream over SSE.
 */
export function createClient(options: ClientOptions): RagtimeClient {
  const base = `${options.url.replace(/\/+$/, "")}/trpc`;
  const headers = () => restHeaders(options, false);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: base,
          // Browsers' EventSource cannot send headers; this one can (credentials ride on fetch).
          EventSource,
          eventSourceOptions: {
            fetch: (input, init) =>
              fetchImpl(input, { ...init, headers: { ...init?.headers, ...headers() } }),
          },
        }),
        false: httpBatchLink({ url: base, headers, fetch: fetchImpl }),
      }),
    ],
  });
}

/** The localized message and stable code of an API error, or undefined for other errors. */
export function apiErrorOf(
  error: unknown,
): { message: string; code: string; httpStatus: number } | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data = (error.data ?? {}) as { code?: string; httpStatus?: number };
  return { message: error.message, code: data.code ?? "INTERNAL", httpStatus: data.httpStatus ?? 500 };
}

export type UploadFile = { name: string; data: Blob | Uint8Array | string };

/**
 * Uploads files into a knowledge base (multipart; the REST route, since tRPC carries JSON only).
 * Returns the new documents; parse them with `client.documents.run.mutate({ ids })`.
 */
export async function uploadDocuments(
  options: ClientOptions,
  kbId: string,
  files: UploadFile[],
): Promise<RouterOutputs["documents"]["get"][]> {
  const form = new FormData();
  for (const f of files) form.append("file", f.data instanceof Blob ? f.data : new Blob([f.data]), f.name);
  const res = await (options.fetch ?? globalThis.fetch)(
    `${options.url.replace(/\/+$/, "")}/api/v1/knowledge-bases/${encodeURIComponent(kbId)}/documents`,
    { method: "POST", headers: restHeaders(options, false), body: form },
  );
  const body = (await res.json()) as { documents?: RouterOutputs["documents"]["get"][]; message?: string };
  if (!res.ok || !body.documents) throw new Error(body.message ?? `upload failed with HTTP ${res.status}`);
  return body.documents;
}

function restHeaders(options: ClientOptions, json: boolean): Record<string, string> {
  const headers: Record<string, string> = json ? { "content-type": "application/json" } : {};
  const token = options.apiKey ?? options.sessionToken;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.tenantId) headers["x-ragtime-tenant"] = options.tenantId;
  if (options.language) headers["accept-language"] = options.language;
  return headers;
}

/** An error answered by Ragtime's REST routes, with its localized message and stable code. */
export class RagtimeError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly httpStatus: number,
  ) {
    super(message);
    this.name = "RagtimeError";
  }
}

async function restError(res: Response): Promise<RagtimeError> {
  const body = (await res.json().catch(() => ({}))) as { message?: string; data?: { code?: string } };
  return new RagtimeError(body.message ?? `HTTP ${res.status}`, body.data?.code ?? "INTERNAL", res.status);
}

export type RetrievalInput = RouterInputs["retrieval"]["search"];
export type RetrievalResult = RouterOutputs["retrieval"]["search"];

/**
 * Searches knowledge bases (hybrid BM25 + vectors, SPEC §5): chunks with their similarity,
 * vectorSimilarity and termSimilarity, and docAggs.
 */
export function retrieve(options: ClientOptions, input: RetrievalInput): Promise<RetrievalResult> {
  return createClient(options).retrieval.search.mutate(input);
}

export type ChatReference = RouterOutputs["conversations"]["get"]["messages"][number]["reference"] & {};
export type ChatResult = {
  conversationId: string | null;
  messageId: string;
  questionId: string;
  /** The whole answer, citations `[ID:n]` checked (or inserted when the model wrote none). */
  answer: string;
  reference: ChatReference;
  isExtractive: boolean;
};
export type ChatEvent = { type: "delta"; content: string } | { type: "reference"; result: ChatResult };

export type ChatInput = {
  chatId: string;
  question: string;
  /** Continue this conversation; without it Ragtime starts a new one (its id is in the result). */
  conversationId?: string;
  /** Values of the chat's prompt variables. */
  variables?: Record<string, string>;
  /** Stop reading (the answer is still finished and stored by the server). */
  signal?: AbortSignal;
};

/** The `data:` payloads of a server-sent event stream, as they arrive. */
async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).replace(/^ /, ""))
          .join("\n");
        if (data) yield data;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * Asks a chat a question and streams the answer: `{ type: "delta", content }` events as the
 * model writes, then one `{ type: "reference", result }` with the whole answer and its reference
 * (cited chunks and docAggs). Errors (before or during the answer) throw a RagtimeError.
 *
 * ```ts
 * for await (const event of streamChat({ url, apiKey }, { chatId, question: "What changed?" })) {
 *   if (event.type === "delta") process.stdout.write(event.content);
 *   else console.log(event.result.reference.chunks.map((c) => c.documentName));
 * }
 * ```
 */
export async function* streamChat(options: ClientOptions, input: ChatInput): AsyncGenerator<ChatEvent> {
  const { chatId, signal, ...body } = input;
  const res = await (options.fetch ?? globalThis.fetch)(
    `${options.url.replace(/\/+$/, "")}/api/v1/chats/${encodeURIComponent(chatId)}/completions`,
    {
      method: "POST",
      headers: restHeaders(options, true),
      body: JSON.stringify({ ...body, stream: true }),
      signal: signal ?? null,
    },
  );
  if (!res.ok || !res.body) throw await restError(res);
  for await (const data of sseData(res.body)) {
    const event = JSON.parse(data) as
      | { type: "delta"; content: string }
      | { type: "done"; result: ChatResult }
      | { type: "error"; code: string; message: string };
    if (event.type === "delta") yield event;
    else if (event.type === "done") {
      yield { type: "reference", result: event.result };
      return;
    } else throw new RagtimeError(event.message, event.code, 200);
  }
  // The connection ended before the result (server restart, proxy timeout): the deltas read so
  // far are not the whole answer, and a caller waiting for the reference must not just stop.
  throw new RagtimeError("the answer's stream ended before its result", "INTERNAL", 502);
}

/** The same question without streaming: the whole answer and its reference at once. */
export async function askChat(options: ClientOptions, input: Omit<ChatInput, "signal">): Promise<ChatResult> {
  const { chatId, ...body } = input;
  const res = await (options.fetch ?? globalThis.fetch)(
    `${options.url.replace(/\/+$/, "")}/api/v1/chats/${encodeURIComponent(chatId)}/completions`,
    { method: "POST", headers: restHeaders(options, true), body: JSON.stringify({ ...body, stream: false }) },
  );
  if (!res.ok) throw await restError(res);
  return (await res.json()) as ChatResult;
}
