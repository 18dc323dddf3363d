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
  const headers = (): Record<string, string> => {
    const h: Record<string, string> = {};
    const token = options.apiKey ?? options.sessionToken;
    if (token) h.authorization = `Bearer ${token}`;
    if (options.tenantId) h["x-ragtime-tenant"] = options.tenantId;
    if (options.language) h["accept-language"] = options.language;
    return h;
  };
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
  const headers: Record<string, string> = {};
  const token = options.apiKey ?? options.sessionToken;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.tenantId) headers["x-ragtime-tenant"] = options.tenantId;
  if (options.language) headers["accept-language"] = options.language;
  const res = await (options.fetch ?? globalThis.fetch)(
    `${options.url.replace(/\/+$/, "")}/api/v1/knowledge-bases/${encodeURIComponent(kbId)}/documents`,
    { method: "POST", headers, body: form },
  );
  const body = (await res.json()) as { documents?: RouterOutputs["documents"]["get"][]; message?: string };
  if (!res.ok || !body.documents) throw new Error(body.message ?? `upload failed with HTTP ${res.status}`);
  return body.documents;
}
