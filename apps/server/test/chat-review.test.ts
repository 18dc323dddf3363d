import { settleCompletions } from "@ragtime/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../src/testing";
import { type ChatHarness, type Json, sseEvents, startChatHarness } from "./chat-fixtures";

/**
 * Review findings on the chat routes (R1): hostile or unusual input is a 4xx naming the problem,
 * never a 500, and a refused question leaves nothing behind.
 */
describe.each(testBackends())("chat routes under hostile input ($dialect)", (backend) => {
  let h: ChatHarness;

  beforeAll(async () => {
    h = await startChatHarness(await backend.open(), "review@example.com");
  });
  afterAll(async () => {
    await settleCompletions();
    await h?.server.close();
  });

  const complete = async (chatId: string, body: unknown, path = `/api/v1/chats/${chatId}/completions`) => {
    const res = await fetch(`${h.url}${path}`, {
      method: "POST",
      headers: { ...h.auth, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };

  it("answers when a prompt variable is named like an Object.prototype member and left out", async () => {
    const chat = await h.api("POST", "/chats", {
      name: "Prototype names",
      prompt: {
        system: "Answer. Audience: {toString}. Tone: {constructor}.",
        opener: "",
        variables: [
          { key: "toString", optional: true },
          { key: "constructor", optional: true },
        ],
      },
    });
    expect(chat.status).toBe(200);
    const res = await complete(chat.body.id, { question: "Anything?", stream: false });
    expect(res.status).toBe(200);
    expect((JSON.parse(res.text) as Json).conversationId).toMatch(/^[0-9a-f]{32}$/);

    // A required one left out is the usual 400 naming it.
    const required = await h.api("POST", "/chats", {
      name: "Prototype names, required",
      prompt: { system: "Answer for {valueOf}.", variables: [{ key: "valueOf" }] },
    });
    const missing = await complete(required.body.id, { question: "Anything?", stream: false });
    expect(missing.status).toBe(400);
    expect((JSON.parse(missing.text) as Json).data.field).toBe("variables.valueOf");
  });

  it("refuses a question to a chat whose model was removed with a 400, before any stream, creating nothing", async () => {
    const provider = await h.api("POST", "/model-providers", {
      provider: "openai-compatible",
      name: "gone",
      baseUrl: "http://127.0.0.1:9/v1",
      models: [{ name: "gone-chat", type: "chat" }],
    });
    expect(provider.status).toBe(200);
    const chat = await h.api("POST", "/chats", { name: "Orphaned", chatModel: "gone-chat@gone" });
    expect(chat.status).toBe(200);
    expect((await h.api("DELETE", `/model-providers/${provider.body.id}`)).status).toBe(200);

    const streamed = await complete(chat.body.id, { question: "Still there?" });
    expect(streamed.status).toBe(400);
    expect((JSON.parse(streamed.text) as Json).message).toContain("gone-chat@gone");
    const conversations = await h.api("GET", `/chats/${chat.body.id}/conversations`);
    expect(conversations.body.total).toBe(0);

    const openai = await complete(
      chat.body.id,
      { messages: [{ role: "user", content: "Still there?" }] },
      `/api/openai/${chat.body.id}/chat/completions`,
    );
    expect(openai.status).toBe(400);
    expect((JSON.parse(openai.text) as Json).error.message).toContain("gone-chat@gone");
  });

  it("answers malformed bodies and ids on both completion routes with a 4xx, never a 500", async () => {
    const chat = await h.api("POST", "/chats", { name: "Target", prompt: { opener: "" } });
    const id = chat.body.id as string;
    const native = `/api/v1/chats/${id}/completions`;
    const openai = `/api/openai/${id}/chat/completions`;
    const cases: Array<[string, unknown]> = [
      [native, "null"],
      [native, "[]"],
      [native, '"question"'],
      [native, "{"],
      [native, { question: 42 }],
      [native, { question: "   " }],
      [native, { question: "ok", stream: "false" }],
      [native, { question: "ok", conversationId: "../../etc" }],
      [native, { question: "ok", variables: { "bad key": "x" } }],
      // Raw JSON: in an object literal `__proto__` would set the prototype, not a key.
      [native, '{"question":"ok","variables":{"__proto__":"x"}}'],
      [native, '{"question":"ok","variables":{"constructor":"x"}}'],
      [native, { question: "ok", variables: ["x"] }],
      [`/api/v1/chats/not-an-id/completions`, { question: "ok" }],
      [`/api/v1/chats/${"f".repeat(32)}/completions`, { question: "ok" }],
      [openai, "null"],
      [openai, { messages: [] }],
      [openai, { messages: [{ role: "user" }] }],
      [openai, { messages: [{ role: "user", content: [{ type: "image_url" }] }] }],
      [openai, { messages: [{ role: "system", content: "only a system message" }] }],
      [openai, { messages: [{ role: "user", content: 5 }] }],
      [openai, { messages: [{ role: "wizard", content: "hi" }] }],
      [openai, { messages: [{ role: "user", content: "hi" }], stream: "yes" }],
      [`/api/openai/not-an-id/chat/completions`, { messages: [{ role: "user", content: "hi" }] }],
    ];
    for (const [path, body] of cases) {
      const res = await complete(id, body, path);
      expect.soft(res.status, `${path} ${JSON.stringify(body)} → ${res.text}`).toBeGreaterThanOrEqual(400);
      expect.soft(res.status, `${path} ${JSON.stringify(body)} → ${res.text}`).toBeLessThan(500);
    }
    // Nothing above started a conversation.
    const conversations = await h.api("GET", `/chats/${id}/conversations`);
    expect(conversations.body.total).toBe(0);
    // Query strings and path ids read by the REST layer (rest-router.ts) on the chat/model routes.
    for (const path of [
      "/chats?page=abc",
      "/chats?page=1&page=2",
      "/chats?page=1e400",
      "/chats?pageSize=0x10",
      "/chats?orderBy=__proto__",
      "/chats?unknown=1",
      `/chats/${id}/conversations?page=-1`,
      "/chats/..%2F..%2Fetc",
      "/conversations/not-an-id",
      "/model-providers/not-an-id",
      "/model-providers/not-an-id/discover",
      "/models?type=vision",
    ]) {
      const res = await h.api("GET", path);
      expect.soft(res.status, `GET ${path} → ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
      expect.soft(res.status, `GET ${path} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
    }
    // And the stream of a valid question still ends with its result.
    const ok = await complete(id, { question: "Anything?" });
    expect(ok.status).toBe(200);
    expect(sseEvents(ok.text).at(-1)?.type).toBe("done");
  });
});
