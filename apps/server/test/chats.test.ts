import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../src/testing";
import { type ChatHarness, FACTS, type Json, startChatHarness } from "./chat-fixtures";

describe.each(testBackends())("chat assistants: CRUD and settings ($dialect)", (backend) => {
  let h: ChatHarness;
  let kbId: string;
  let emptyKbId: string;

  beforeAll(async () => {
    h = await startChatHarness(await backend.open(), "chats@example.com");
    kbId = await h.knowledgeBase("Filings", [FACTS.apple]);
    emptyKbId = (await h.api("POST", "/knowledge-bases", { name: "Nothing parsed yet" })).body.id;
  });
  afterAll(async () => {
    await h?.server.close();
  });

  const chatCount = async () => (await h.api("GET", "/chats")).body.total as number;

  it("creates a chat with SPEC defaults, reads, lists, updates (merging settings) and deletes it", async () => {
    const created = await h.api("POST", "/chats", { name: "Analyst", kbIds: [kbId] });
    expect(created.status).toBe(200);
    const chat = created.body;
    expect(chat).toMatchObject({
      name: "Analyst",
      kbIds: [kbId],
      chatModel: null,
      rerankModel: null,
      topN: 6,
      topK: 1024,
      similarityThreshold: 0.2,
      vectorSimilarityWeight: 0.3,
      llmSettings: {
        temperature: 0.1,
        topP: 0.3,
        presencePenalty: 0.4,
        frequencyPenalty: 0.7,
        maxTokens: 512,
      },
      prompt: {
        showQuote: true,
        emptyResponse: "",
        variables: [],
        refineMultiturn: false,
        keywordExpansion: false,
      },
      canEdit: true,
    });
    expect(chat.prompt.system).toContain("{knowledge}");
    expect(chat.prompt.opener.length).toBeGreaterThan(0);

    expect((await h.api("GET", `/chats/${chat.id}`)).body).toEqual(chat);
    const list = (await h.api("GET", "/chats?keywords=analy")).body;
    expect(list.items.map((c: Json) => c.id)).toContain(chat.id);

    const updated = await h.api("PATCH", `/chats/${chat.id}`, {
      name: "Analyst 2",
      topN: 3,
      llmSettings: { temperature: 0.7 },
      prompt: { opener: "Ask me about filings.", variables: [{ key: "audience", optional: true }] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: "Analyst 2",
      topN: 3,
      llmSettings: { temperature: 0.7, topP: 0.3, maxTokens: 512 },
      prompt: {
        opener: "Ask me about filings.",
        showQuote: true,
        variables: [{ key: "audience", optional: true }],
      },
    });
    expect(updated.body.prompt.system).toBe(chat.prompt.system);

    expect((await h.api("DELETE", `/chats/${chat.id}`)).status).toBe(200);
    expect((await h.api("GET", `/chats/${chat.id}`)).status).toBe(404);
  });

  it("refuses a knowledge base with no parsed document, naming it, in the caller's language", async () => {
    const before = await chatCount();
    const res = await h.api("POST", "/chats", { name: "Empty", kbIds: [emptyKbId] });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("Nothing parsed yet");
    expect(res.body.data.field).toBe("kbIds.0");
    // The user's own language (their profile) wins over the browser's.
    const en = await h.api(
      "POST",
      "/chats",
      { name: "Empty", kbIds: [emptyKbId] },
      { ...h.auth, "accept-language": "fr" },
    );
    expect(en.body.message).toContain("“Nothing parsed yet”");
    // A French user reads it in French.
    const french = await h.signUp("chats-fr@example.com", "fr");
    const vide = (await h.api("POST", "/knowledge-bases", { name: "Rien d'analysé" }, french)).body.id;
    const fr = await h.api("POST", "/chats", { name: "Vide", kbIds: [vide] }, french);
    expect(fr.status).toBe(400);
    expect(fr.body.message).toContain("« Rien d'analysé » n'a encore aucun document analysé");
    expect(await chatCount()).toBe(before);
  });

  it("refuses unknown and foreign knowledge bases as not found", async () => {
    const other = await h.signUp("chats-other@example.com");
    const foreign = (await h.api("POST", "/knowledge-bases", { name: "Theirs" }, other)).body.id;
    for (const id of [foreign, "0".repeat(32)]) {
      const res = await h.api("POST", "/chats", { name: "Foreign", kbIds: [id] });
      expect(res.status).toBe(404);
      expect(res.body.message).toMatch(/Knowledge base not found/);
    }
    // And another workspace never sees this one's chats.
    const mine = (await h.api("POST", "/chats", { name: "Private to this workspace" })).body.id;
    expect((await h.api("GET", `/chats/${mine}`, undefined, other)).status).toBe(404);
    expect((await h.api("PATCH", `/chats/${mine}`, { name: "x" }, other)).status).toBe(404);
    expect((await h.api("DELETE", `/chats/${mine}`, undefined, other)).status).toBe(404);
    expect((await h.api("GET", "/chats", undefined, other)).body.total).toBe(0);
  });

  it("is shared with the workspace's members: they use it, only its creator or an admin changes it, private KBs stay private", async () => {
    const member = await h.signUp("chats-member@example.com");
    const tenantId = (await h.api("GET", "/tenants/current")).body.id;
    expect((await h.api("POST", "/team/members", { email: "chats-member@example.com" })).status).toBe(200);
    expect((await h.api("POST", `/tenants/${tenantId}/accept`, undefined, member)).status).toBe(200);
    const asMember = { ...member, "x-ragtime-tenant": tenantId };

    // "Filings" is private to its creator (permission "me"); "Shared" is the team's.
    const sharedKb = await h.knowledgeBase("Shared", [FACTS.office], { permission: "team" });
    const privateChat = (await h.api("POST", "/chats", { name: "Over a private KB", kbIds: [kbId] })).body;
    const sharedChat = (await h.api("POST", "/chats", { name: "Over a team KB", kbIds: [sharedKb] })).body;

    const seen = (await h.api("GET", "/chats", undefined, asMember)).body.items.map((c: Json) => c.id);
    expect(seen).toEqual(expect.arrayContaining([privateChat.id, sharedChat.id]));
    expect((await h.api("GET", `/chats/${sharedChat.id}`, undefined, asMember)).body.canEdit).toBe(false);
    const patch = await h.api("PATCH", `/chats/${sharedChat.id}`, { name: "Mine now" }, asMember);
    expect(patch.status).toBe(403);
    expect((await h.api("DELETE", `/chats/${sharedChat.id}`, undefined, asMember)).status).toBe(403);
    // A member cannot build a chat over a KB they cannot read.
    expect((await h.api("POST", "/chats", { name: "Sneaky", kbIds: [kbId] }, asMember)).status).toBe(404);

    const answer = await h.api(
      "POST",
      `/chats/${sharedChat.id}/completions`,
      { question: "When does the Paris office close?", stream: false },
      asMember,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.answer).toContain("6 pm on Fridays");
    const refused = await h.api(
      "POST",
      `/chats/${privateChat.id}/completions`,
      { question: "What were net sales?", stream: false },
      asMember,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/knowledge base you cannot read/);
    expect(JSON.stringify(refused.body)).not.toContain("82,959");
    expect(
      (await h.api("GET", `/chats/${privateChat.id}/conversations`, undefined, asMember)).body.total,
    ).toBe(0);
  });

  it("refuses knowledge bases on different embedding models", async () => {
    const provider = await h.api("POST", "/model-providers", {
      provider: "openai-compatible",
      name: "local",
      baseUrl: "http://127.0.0.1:9/v1",
      models: [{ name: "other-embedder", type: "embedding" }],
    });
    expect(provider.status, JSON.stringify(provider.body)).toBe(200);
    const otherModel = await h.knowledgeBase("Other model", [FACTS.office], {
      embeddingModel: "other-embedder@local",
    });
    const res = await h.api("POST", "/chats", { name: "Mixed", kbIds: [kbId, otherModel] });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("other-embedder@local");
    expect(res.body.data.field).toBe("kbIds.1");
  });

  it("needs {knowledge} in the system prompt when the chat has knowledge bases", async () => {
    const before = await chatCount();
    const res = await h.api("POST", "/chats", {
      name: "No slot",
      kbIds: [kbId],
      prompt: { system: "Be brief." },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("{knowledge}");
    expect(res.body.data.field).toBe("prompt.system");
    // Without knowledge bases it is a plain assistant: no slot needed.
    expect((await h.api("POST", "/chats", { name: "Plain", prompt: { system: "Be brief." } })).status).toBe(
      200,
    );
    // Removing the slot from an existing chat is refused too, and changes nothing.
    const chat = (await h.api("POST", "/chats", { name: "Slot", kbIds: [kbId] })).body;
    const patch = await h.api("PATCH", `/chats/${chat.id}`, {
      name: "Renamed",
      prompt: { system: "Be brief." },
    });
    expect(patch.status).toBe(400);
    expect((await h.api("GET", `/chats/${chat.id}`)).body).toEqual(chat);
    expect(await chatCount()).toBe(before + 2);
  });

  it("gives clear 400s for out-of-range settings and unknown models", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ topN: 0 }, "topN"],
      [{ topK: 5000 }, "topK"],
      [{ similarityThreshold: 1.5 }, "similarityThreshold"],
      [{ llmSettings: { temperature: 3 } }, "llmSettings.temperature"],
      [{ prompt: { variables: [{ key: "not a name" }] } }, "prompt.variables.0.key"],
      [{ chatModel: "nothing@nowhere" }, "chatModel"],
      [{ rerankModel: "nothing@nowhere" }, "rerankModel"],
    ];
    for (const [patch, field] of cases) {
      const res = await h.api("POST", "/chats", { name: "Bad", ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.data.field ?? res.body.data.issues?.[0]?.path.join("."), JSON.stringify(res.body)).toBe(
        field,
      );
      expect(res.body.message).toContain(field.endsWith("Model") ? "nothing@nowhere" : field);
    }
  });
});
