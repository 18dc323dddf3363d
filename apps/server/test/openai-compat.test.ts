import { settleCompletions } from "@ragtime/core";
import { type FakeLlm, startFakeLlm } from "@ragtime/core/testing";
import OpenAI from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../src/testing";
import { type ChatHarness, FACTS, type Json, startChatHarness } from "./chat-fixtures";

type Reference = { chunks: { index: number; content: string; documentName: string }[]; docAggs: unknown[] };

/**
 * The official `openai` npm client against Ragtime's OpenAI-compatible endpoint: the base URL
 * carries the chat id, the API key is a Ragtime key. `extra_body.reference` in OpenAI's Python
 * client is a top-level `reference: true` in the JSON body, which is what is sent here.
 */
describe.each(testBackends())("OpenAI-compatible endpoint with the openai client ($dialect)", (backend) => {
  let h: ChatHarness;
  let fake: FakeLlm;
  let openai: OpenAI;
  let chatId: string;
  let extractiveChatId: string;
  let apiKey: string;

  beforeAll(async () => {
    fake = await startFakeLlm({
      reply: (body) => {
        const system = body.messages?.find((m) => m.role === "system")?.content ?? "";
        const id = /\[ID:(\d+)\] from document "apple-q3\.txt"/.exec(system)?.[1];
        return ["Total net sales were ", "$82,959 million", ` [ID:${id}]`, "."];
      },
    });
    h = await startChatHarness(await backend.open(), "openai@example.com");
    await h.api("POST", "/model-providers", {
      provider: "openai-compatible",
      name: "fake",
      baseUrl: fake.url,
      models: [{ name: "fake-chat", type: "chat" }],
    });
    const kbId = await h.knowledgeBase("Filings", [FACTS.apple, FACTS.office]);
    chatId = (await h.api("POST", "/chats", { name: "Analyst", kbIds: [kbId], chatModel: "fake-chat@fake" }))
      .body.id;
    extractiveChatId = (await h.api("POST", "/chats", { name: "Offline", kbIds: [kbId] })).body.id;
    apiKey = (await h.api("POST", "/api-keys", { name: "openai" })).body.secret;
    openai = new OpenAI({ apiKey, baseURL: `${h.url}/api/openai/${chatId}`, maxRetries: 0 });
  });
  afterAll(async () => {
    await settleCompletions();
    await h?.server.close();
    await fake?.close();
  });

  const question = { role: "user" as const, content: "What were Apple's total net sales?" };

  it("answers without streaming, with the reference when asked", async () => {
    const plain = await openai.chat.completions.create({ model: "analyst", messages: [question] });
    expect(plain.object).toBe("chat.completion");
    expect(plain.model).toBe("analyst");
    const message = plain.choices[0]?.message;
    expect(message?.role).toBe("assistant");
    expect(message?.content).toMatch(/^Total net sales were \$82,959 million \[ID:\d+\]\.$/);
    expect(plain.choices[0]?.finish_reason).toBe("stop");
    expect((message as Json).reference).toBeUndefined();

    const params = {
      model: "analyst",
      messages: [question],
      reference: true,
    } as ChatCompletionCreateParamsNonStreaming;
    const withReference = await openai.chat.completions.create(params);
    const reference = (withReference.choices[0]?.message as unknown as { reference: Reference } | undefined)
      ?.reference as Reference;
    const id = Number(/\[ID:(\d+)\]/.exec(withReference.choices[0]?.message.content ?? "")?.[1]);
    expect(reference.chunks).toHaveLength(1);
    expect(reference.chunks[0]).toMatchObject({ index: id, documentName: "apple-q3.txt" });
    expect(reference.chunks[0]?.content).toContain("82,959");
    expect(reference.docAggs).toHaveLength(1);
  });

  it("streams chunks, with the reference on the last chunk when asked", async () => {
    const collect = async (params: ChatCompletionCreateParamsStreaming) => {
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of await openai.chat.completions.create(params)) chunks.push(chunk);
      return chunks;
    };
    const plain = await collect({ model: "analyst", messages: [question], stream: true });
    expect(plain.length).toBeGreaterThan(3);
    expect(plain.every((c) => c.object === "chat.completion.chunk")).toBe(true);
    const text = plain.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toMatch(/^Total net sales were \$82,959 million \[ID:\d+\]\.$/);
    expect(plain.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect((plain.at(-1)?.choices[0]?.delta as Json)?.reference).toBeUndefined();

    const withReference = await collect({
      model: "analyst",
      messages: [question],
      stream: true,
      reference: true,
    } as ChatCompletionCreateParamsStreaming);
    const last = withReference.at(-1)?.choices[0];
    expect(last?.finish_reason).toBe("stop");
    const reference = (last?.delta as unknown as { reference: Reference } | undefined)
      ?.reference as Reference;
    expect(reference.chunks[0]?.content).toContain("82,959");
    expect(reference.chunks[0]?.documentName).toBe("apple-q3.txt");
  });

  it("passes the conversation the caller keeps; stores nothing", async () => {
    const before = (await h.api("GET", `/chats/${chatId}/conversations`)).body.total;
    await openai.chat.completions.create({
      model: "analyst",
      messages: [
        { role: "system", content: "You are a pirate." },
        { role: "user", content: "Hello" },
        { role: "assistant", content: "Hi! [ID:3]" },
        question,
      ],
    });
    const sent = fake.requests.at(-1)?.body as Json;
    expect(sent.messages.map((m: Json) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    // The chat's own system prompt rules; the caller's is not used.
    expect(sent.messages[0].content).not.toContain("pirate");
    expect(sent.messages[2].content).toBe("Hi!");
    expect((await h.api("GET", `/chats/${chatId}/conversations`)).body.total).toBe(before);
  });

  it("answers offline with the built-in extractive answerer when the chat has no model", async () => {
    const offline = new OpenAI({ apiKey, baseURL: `${h.url}/api/openai/${extractiveChatId}`, maxRetries: 0 });
    const res = await offline.chat.completions.create({
      model: "x",
      messages: [{ role: "user", content: "When does the Paris office close?" }],
    });
    expect(res.choices[0]?.message.content).toMatch(/extractive answer/);
    expect(res.choices[0]?.message.content).toContain("6 pm on Fridays");
  });

  it("raises OpenAI-shaped errors: bad key 401, unknown chat 404, bad messages 400", async () => {
    const badKey = new OpenAI({
      apiKey: "rt-not-a-key",
      baseURL: `${h.url}/api/openai/${chatId}`,
      maxRetries: 0,
    });
    const unauthorized = await badKey.chat.completions
      .create({ model: "x", messages: [question] })
      .catch((e) => e);
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(unauthorized.status).toBe(401);

    const nowhere = new OpenAI({ apiKey, baseURL: `${h.url}/api/openai/${"0".repeat(32)}`, maxRetries: 0 });
    const missing = await nowhere.chat.completions
      .create({ model: "x", messages: [question] })
      .catch((e) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(missing.message).toMatch(/Chat not found/);

    const bad = await openai.chat.completions
      .create({ model: "x", messages: [{ role: "assistant", content: "I spoke last" }] })
      .catch((e) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad.message).toMatch(/must end with a user message/);
    expect(bad.error).toMatchObject({ type: "invalid_request_error", param: "messages" });

    const empty = await openai.chat.completions.create({ model: "x", messages: [] }).catch((e) => e);
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    expect(empty.message).toMatch(/messages/);
  });

  it("reports a model failure mid-stream as an error the client raises", async () => {
    fake.failNext(401, 3);
    const error = await (async () => {
      for await (const _ of await openai.chat.completions.create({
        model: "x",
        messages: [question],
        stream: true,
      })) {
        // reading
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toMatch(/fake/);
  });
});
