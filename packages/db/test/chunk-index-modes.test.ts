/**
 * Switching vector modes on an existing database (PGlite on disk, reopened): vectors follow the mode, so
 * choosing the exact scan on a pgvector database, or getting pgvector later, never drops them from
 * vector search. PGlite is the one backend where both modes exist in the same test run.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureChunkIndex, replaceDocumentChunks, vectorSearch } from "../src/chunk-index/index";
import { type DatabaseConnection, openDatabase } from "../src/client";
import { insertKnowledgeBase } from "../src/queries/knowledge-bases";
import { insertTenant } from "../src/queries/tenants";
import { insertUser } from "../src/queries/users";

const hex = (label: string) => createHash("md5").update(label).digest("hex");
const dir = mkdtempSync(path.join(tmpdir(), "ragtime-modes-"));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function reopen(prefer?: "exact-scan"): Promise<{ d: DatabaseConnection; mode: string }> {
  const d = await openDatabase({ url: "", dataDir: dir });
  await d.migrate();
  const messages: string[] = [];
  const setup = await ensureChunkIndex(d, { ...(prefer ? { prefer } : {}), log: (m) => messages.push(m) });
  // The fallback is told once, when it is chosen, and only then.
  expect(messages).toHaveLength(setup.vectorMode === "exact-scan" ? 1 : 0);
  return { d, mode: setup.vectorMode };
}

describe("vector modes on PGlite", () => {
  it("moves vectors into the exact-scan store and back when the mode changes", async () => {
    const kbId = hex("kb");
    const docId = hex("doc");
    const near = hex(`${docId}near`);
    const query = { kbIds: [kbId], vector: [1, 0.1, 0], topK: 2 };

    const first = await reopen();
    expect(first.mode).toBe("pgvector");
    const userId = hex("user");
    await insertUser(first.d, { id: userId, email: "modes@example.test", nickname: "m" });
    await insertTenant(first.d, { id: hex("tenant"), name: "w" });
    await insertKnowledgeBase(first.d, {
      id: kbId,
      tenantId: hex("tenant"),
      name: "modes",
      embeddingModel: "x",
      parserConfig: {},
      createdBy: userId,
    });
    await first.d.db.insert(first.d.t.documents).values({
      id: docId,
      kbId,
      name: "d.txt",
      suffix: "txt",
      type: "text",
      size: 1,
      storageKey: docId,
      contentHash: docId,
      chunkMethod: "naive",
      parserConfig: {},
      metadata: {},
      createdBy: userId,
    });
    const chunk = (content: string, embedding: number[]) => ({
      id: hex(docId + content),
      content,
      docName: "d.txt",
      tokenCount: 1,
      length: 1,
      fields: { content: { [content]: 1 } },
      embedding,
    });
    await replaceDocumentChunks(first.d, {
      kbId,
      docId,
      chunks: [chunk("near", [1, 0, 0]), chunk("far", [0, 0, 1])],
    });
    const before = await vectorSearch(first.d, query);
    expect(before[0]?.chunkId).toBe(near);
    await first.d.close();

    const exact = await reopen("exact-scan");
    expect(exact.mode).toBe("exact-scan");
    const during = await vectorSearch(exact.d, query);
    expect(during.map((h) => h.chunkId)).toEqual(before.map((h) => h.chunkId));
    during.forEach((hit, i) => {
      expect(hit.similarity).toBeCloseTo(before[i]?.similarity ?? 0, 6);
    });
    await exact.d.close();

    const back = await reopen();
    expect(back.mode).toBe("pgvector");
    expect((await vectorSearch(back.d, query)).map((h) => h.chunkId)).toEqual(before.map((h) => h.chunkId));
    await back.d.close();
  });
});
