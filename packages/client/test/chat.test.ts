import { startTestServer, type TestServer, testBackends } from "@ragtime/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  askChat,
  type ChatEvent,
  type ClientOptions,
  createClient,
  RagtimeError,
  retrieve,
  streamChat,
  uploadDocuments,
} from "../src/index";

describe("retrieval and streaming chat over the typed client", () => {
  let server: TestServer;
  let options: ClientOptions;
  let kbId: string;
  let chatId: string;

  beforeAll(async () => {
    const [pglite] = testBackends();
    if (!pglite) throw new Error("no PGlite backend");
    server = await startTestServer(await pglite.open(), { workers: true });
    const url = await server.listen();
    const { token } = await createClient({ url }).auth.register.mutate({
      email: "reader@example.com",
      password: "reader-password",
    });
    const key = await createClient({ url, sessionToken: token }).apiKeys.create.mutate({ name: "script" });
    options = { url, apiKey: key.secret };
    const ragtime = createClient(options);
    kbId = (await ragtime.knowledgeBases.create.mutate({ name: "Handbook" })).id;
    const docs = await uploadDocuments(options, kbId, [
      { name: "leave.txt", data: "Annual leave. Every employee gets 27 days of paid annual leave per year." },
      { name: "expenses.txt", data: "Expenses. Taxi receipts must be filed within 30 days of the trip." },
    ]);
    await ragtime.documents.run.mutate({ ids: docs.map((d) => d.id) });
    for (let i = 0; i < 600; i++) {
      const states = await Promise.all(docs.map((d) => ragtime.documents.get.query({ id: d.id })));
      if (states.every((d) => d.run === "DONE")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    chatId = (await ragtime.chats.create.mutate({ name: "HR", kbIds: [kbId] })).id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("retrieve() returns scored chunks", async () => {
    const result = await retrieve(options, { kbIds: [kbId], question: "How many days of annual leave?" });
    expect(result.chunks[0]?.content).toContain("27 days");
    expect(result.chunks[0]?.termSimilarity).toBeGreaterThan(0);
    expect(result.docAggs[0]?.documentName).toBe("leave.txt");
  });

  it("streamChat() yields deltas, then the reference; the conversation keeps the turn", async () => {
    const events: ChatEvent[] = [];
    for await (const event of streamChat(options, { chatId, question: "How long to file taxi receipts?" })) {
      events.push(event);
    }
    const last = events.at(-1);
    if (last?.type !== "reference") throw new Error("no reference event");
    const deltas = events.filter((e) => e.type === "delta");
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.map((d) => d.content).join("")).toBe(last.result.answer);
    expect(last.result.answer).toContain("30 days");
    const cited = last.result.reference.chunks[0];
    expect(cited?.documentName).toBe("expenses.txt");
    expect(last.result.answer).toContain(`[ID:${cited?.index}]`);

    const conversationId = last.result.conversationId;
    if (!conversationId) throw new Error("no conversation");
    const again = await askChat(options, { chatId, conversationId, question: "And annual leave?" });
    expect(again.answer).toContain("27 days");
    const stored = await createClient(options).conversations.get.query({ id: conversationId });
    expect(stored.messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual([
      "How long to file taxi receipts?",
      "And annual leave?",
    ]);
  });

  it("streamChat() throws when the stream ends before the result (connection cut mid-answer)", async () => {
    // The real server's answer, cut after its first event, as a proxy dropping the connection would.
    const cut: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const first = (await res.text()).split("\n\n")[0] ?? "";
      return new Response(`${first}\n\n`, { status: res.status, headers: res.headers });
    };
    const events: ChatEvent[] = [];
    const error = await (async () => {
      for await (const event of streamChat(
        { ...options, fetch: cut },
        { chatId, question: "Annual leave?" },
      )) {
        events.push(event);
      }
    })().catch((e: unknown) => e);
    expect(events.map((e) => e.type)).toEqual(["delta"]);
    expect(error).toBeInstanceOf(RagtimeError);
    expect((error as RagtimeError).message).toMatch(/ended before/);
  });

  it("errors throw a RagtimeError with the localized message", async () => {
    const french = { ...options, language: "fr" };
    const error = await (async () => {
      for await (const _ of streamChat(french, { chatId: "0".repeat(32), question: "?" })) {
        // unreachable
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RagtimeError);
    expect(error).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
    expect((error as RagtimeError).message).toMatch(/Chat not found/);
  });
});
