/**
 * Shared set-up of the chat suites: a real server with ingestion workers on a real database, a
 * signed-up user, and knowledge bases built by uploading and parsing real files (the chat only
 * accepts knowledge bases with parsed documents).
 */
import type { DatabaseConnection } from "@ragtime/db";
import { startTestServer, type TestServer } from "../src/testing";

// Responses are inspected field by field; typing each REST answer would only restate the schemas.
// biome-ignore lint/suspicious/noExplicitAny: test-only view of JSON bodies
export type Json = any;

export type ChatHarness = {
  server: TestServer;
  url: string;
  token: string;
  auth: Record<string, string>;
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Json }>;
  /** Uploads text files into a new knowledge base and waits until they are parsed. */
  knowledgeBase(
    name: string,
    files: { name: string; text: string }[],
    settings?: Record<string, unknown>,
  ): Promise<string>;
  signUp(email: string, language?: "en" | "fr" | "zh"): Promise<Record<string, string>>;
};

export async function startChatHarness(
  connection: DatabaseConnection,
  email = "chat@example.com",
): Promise<ChatHarness> {
  const server = await startTestServer(connection, { workers: true });
  const url = await server.listen();
  const api: ChatHarness["api"] = async (method, path, body, headers = auth) => {
    const res = await fetch(`${url}${path.startsWith("/api/") ? path : `/api/v1${path}`}`, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const signUp = async (address: string, language?: "en" | "fr" | "zh") => {
    const res = await fetch(`${url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: address,
        password: "chat-password-1",
        ...(language ? { language } : {}),
      }),
    });
    const body = (await res.json()) as Json;
    if (res.status !== 200) throw new Error(`register ${address}: ${res.status} ${JSON.stringify(body)}`);
    return { authorization: `Bearer ${body.token}` };
  };
  const auth = await signUp(email);
  const token = auth.authorization?.slice("Bearer ".length) ?? "";

  const knowledgeBase: ChatHarness["knowledgeBase"] = async (name, files, settings = {}) => {
    const kb = await api("POST", "/knowledge-bases", { name, ...settings });
    if (kb.status !== 200) throw new Error(`create KB: ${kb.status} ${JSON.stringify(kb.body)}`);
    const form = new FormData();
    for (const f of files) form.append("file", new Blob([f.text], { type: "text/plain" }), f.name);
    const up = await fetch(`${url}/api/v1/knowledge-bases/${kb.body.id}/documents`, {
      method: "POST",
      headers: auth,
      body: form,
    });
    const ids: string[] = ((await up.json()) as Json).documents.map((d: Json) => d.id);
    await api("POST", "/documents/run", { ids });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const docs = await Promise.all(ids.map(async (id) => (await api("GET", `/documents/${id}`)).body));
      if (docs.every((d: Json) => d.run === "DONE")) break;
      if (docs.some((d: Json) => d.run === "FAIL") || Date.now() > deadline) {
        throw new Error(
          `not parsed: ${JSON.stringify(docs.map((d: Json) => [d.name, d.run, d.progressMsg]))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return kb.body.id as string;
  };
  return { server, url, token, auth, api, knowledgeBase, signUp };
}

/** The events of an SSE body (`data: {json}` blocks). */
export function sseEvents(body: string): Json[] {
  return body
    .split("\n\n")
    .map((block) => block.trim())
    .filter((block) => block.startsWith("data: "))
    .map((block) => block.slice("data: ".length))
    .filter((data) => data !== "[DONE]")
    .map((data) => JSON.parse(data));
}

export const FACTS = {
  apple: {
    name: "apple-q3.txt",
    text: "Apple quarterly results. Apple reported total net sales of $82,959 million for the quarter ended June 25, 2022. iPhone net sales were $40,665 million in the same quarter.",
  },
  office: {
    name: "office-hours.txt",
    text: "Office hours. The Paris office closes at 6 pm on Fridays. Visitors must sign in at the front desk before entering.",
  },
};
