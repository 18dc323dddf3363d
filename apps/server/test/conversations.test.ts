import { settleCompletions } from "@ragtime/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../src/testing";
import { type ChatHarness, FACTS, type Json, sseEvents, startChatHarness } from "./chat-fixtures";

/**
 * Conversations on a fresh install: no chat model configured, so every answer comes from the
 * built-in extractive answerer (offline), over real parsed documents.
 */
describe.each(testBackends())("conversations with the built-in answerer ($dialect)", (backend) => {
  let h: ChatHarness;
  let chatId: string;

  beforeAll(async () => {
    h = await startChatHarness(await backend.open(), "conversations@example.com");
    const kbId = await h.knowledgeBase("Company", [FACTS.apple, FACTS.office]);
    chatId = (
      await h.api("POST", "/chats", { name: "Helper", kbIds: [kbId], prompt: { opener: "Hello! Ask away." } })
    ).body.id;
  });
  afterAll(async () => {
    await settleCompletions();
    await h?.server.close();
  });

  const ask = async (conversationId: string, question: string, lang?: string) => {
    const res = await fetch(`${h.url}/api/v1/chats/${chatId}/completions`, {
      method: "POST",
      headers: {
        ...h.auth,
        "content-type": "application/json",
        ...(lang ? { "accept-language": lang } : {}),
      },
      body: JSON.stringify({ question, conversationId }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    return sseEvents(await res.text());
  };

  it("starts with the opener, answers extractively with citations, and stores the turn with its reference", async () => {
    const created = await h.api("POST", `/chats/${chatId}/conversations`, {});
    expect(created.status).toBe(200);
    const conversation = created.body;
    expect(conversation.name).toBe("New conversation");
    expect(conversation.messages).toMatchObject([{ role: "assistant", content: "Hello! Ask away." }]);

    const events = await ask(conversation.id, "What were Apple's total net sales for the quarter?");
    const deltas = events.filter((e: Json) => e.type === "delta");
    expect(deltas.length).toBeGreaterThan(1);
    const done = events.at(-1);
    expect(done.type).toBe("done");
    expect(done.result.isExtractive).toBe(true);
    expect(done.result.answer).toBe(deltas.map((e: Json) => e.content).join(""));
    expect(done.result.answer).toMatch(/^\*No chat model is configured, so this is an extractive answer/);
    // The best passage is quoted with its citation, and the reference holds that chunk.
    const cited = done.result.reference.chunks.find((c: Json) => c.content.includes("82,959"));
    expect(cited).toBeDefined();
    expect(done.result.answer).toContain(`[ID:${cited.index}]`);
    expect(cited.documentName).toBe(FACTS.apple.name);
    expect(done.result.reference.docAggs.map((d: Json) => d.documentName)).toContain(FACTS.apple.name);

    const stored = (await h.api("GET", `/conversations/${conversation.id}`)).body;
    expect(stored.name).toBe("What were Apple's total net sales for the quarter?");
    expect(stored.messages.map((m: Json) => m.role)).toEqual(["assistant", "user", "assistant"]);
    expect(stored.messages[2]).toMatchObject({
      id: done.result.messageId,
      content: done.result.answer,
      reference: done.result.reference,
    });
    expect(stored.messages[1]).toMatchObject({
      id: done.result.questionId,
      content: expect.stringContaining("net sales"),
    });
  });

  it("labels the extractive answer in the user's language", async () => {
    const french = await h.signUp("conversations-fr@example.com", "fr");
    const kb = (await h.api("POST", "/knowledge-bases", { name: "Bureau" }, french)).body.id;
    const form = new FormData();
    form.append("file", new Blob([FACTS.office.text]), FACTS.office.name);
    const up = (await (
      await fetch(`${h.url}/api/v1/knowledge-bases/${kb}/documents`, {
        method: "POST",
        headers: french,
        body: form,
      })
    ).json()) as Json;
    await h.api("POST", "/documents/run", { ids: [up.documents[0].id] }, french);
    for (let i = 0; i < 300; i++) {
      if ((await h.api("GET", `/documents/${up.documents[0].id}`, undefined, french)).body.run === "DONE")
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const chat = (await h.api("POST", "/chats", { name: "Aide", kbIds: [kb] }, french)).body.id;
    const res = await h.api(
      "POST",
      `/chats/${chat}/completions`,
      { question: "When does the Paris office close?", stream: false },
      french,
    );
    expect(res.status).toBe(200);
    expect(res.body.answer).toMatch(/^\*Aucun modèle de chat n'est configuré/);
    expect(res.body.answer).toContain("6 pm on Fridays");
  });

  it("lists only your own conversations; renames, feedback, deletes a pair, deletes", async () => {
    const conversation = (await h.api("POST", `/chats/${chatId}/conversations`, { name: "Mine" })).body;
    await ask(conversation.id, "When does the Paris office close?");
    await ask(conversation.id, "What were iPhone net sales?");
    let stored = (await h.api("GET", `/conversations/${conversation.id}`)).body;
    expect(stored.name).toBe("Mine");
    expect(stored.messages).toHaveLength(5);

    // Another member of the workspace sees the chat but not this conversation.
    const list = (await h.api("GET", `/chats/${chatId}/conversations`)).body;
    expect(list.items.map((c: Json) => c.id)).toContain(conversation.id);
    expect(list.items.find((c: Json) => c.id === conversation.id).messageCount).toBe(5);
    const stranger = await h.signUp("conversations-stranger@example.com");
    expect((await h.api("GET", `/conversations/${conversation.id}`, undefined, stranger)).status).toBe(404);

    const renamed = await h.api("PATCH", `/conversations/${conversation.id}`, { name: "Office and sales" });
    expect(renamed.body.name).toBe("Office and sales");

    const answer = stored.messages[2];
    const thumb = await h.api("PUT", `/conversations/${conversation.id}/messages/${answer.id}/feedback`, {
      thumb: "down",
      text: "Too long",
    });
    expect(thumb.status).toBe(200);
    expect(thumb.body.messages[2].feedback).toEqual({ thumb: "down", text: "Too long" });
    const onQuestion = await h.api(
      "PUT",
      `/conversations/${conversation.id}/messages/${stored.messages[1].id}/feedback`,
      {
        thumb: "up",
      },
    );
    expect(onQuestion.status).toBe(400);
    expect(onQuestion.body.message).toMatch(/answers, not on questions/);

    // Deleting the first question removes it and its answer, nothing else.
    const pair = await h.api("DELETE", `/conversations/${conversation.id}/messages/${stored.messages[1].id}`);
    expect(pair.status).toBe(200);
    expect(pair.body.messages.map((m: Json) => m.id)).toEqual([
      stored.messages[0].id,
      stored.messages[3].id,
      stored.messages[4].id,
    ]);
    const unknown = await h.api("DELETE", `/conversations/${conversation.id}/messages/${"0".repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe("Message not found.");

    expect((await h.api("DELETE", `/conversations/${conversation.id}`)).status).toBe(200);
    stored = await h.api("GET", `/conversations/${conversation.id}`);
    expect(stored.status).toBe(404);
  });

  it("refuses bad questions with clear 4xx and stores nothing", async () => {
    const conversation = (await h.api("POST", `/chats/${chatId}/conversations`, {})).body;
    const cases: [unknown, number, RegExp][] = [
      [{ question: "" }, 400, /question/],
      [{ question: "x".repeat(4001) }, 400, /question/],
      [{ question: "hi", conversationId: "nope" }, 400, /conversationId/],
      [{ question: "hi", conversationId: "0".repeat(32) }, 404, /Conversation not found/],
      [{ question: "hi", variables: { audience: "x" } }, 400, /audience/],
      [{ question: "hi", surprise: 1 }, 400, /surprise/],
    ];
    for (const [body, status, message] of cases) {
      const res = await h.api("POST", `/chats/${chatId}/completions`, {
        conversationId: conversation.id,
        ...(body as object),
      });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.body.message).toMatch(message);
    }
    expect((await h.api("POST", `/chats/${"0".repeat(32)}/completions`, { question: "hi" })).status).toBe(
      404,
    );
    expect((await h.api("POST", `/chats/${chatId}/completions`, { question: "hi" }, {})).status).toBe(401);
    const after = (await h.api("GET", `/conversations/${conversation.id}`)).body;
    expect(after.messages).toHaveLength(1);
  });
});
