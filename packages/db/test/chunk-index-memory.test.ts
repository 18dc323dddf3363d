/**
 * The in-memory keyword index (src/chunk-index/memory-index.ts) against the SQL path it caches: after
 * every kind of write — including writes from another connection (another process) and a document
 * deleted by cascade — both must give the same hits with bit-identical scores and explanations.
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendDocumentChunks,
  deleteChunks,
  dropMemoryIndexes,
  type IndexChunkInput,
  type KeywordSearchInput,
  keywordSearch,
  memoryIndexStats,
  publishDocumentRun,
  replaceDocumentsChunks,
  setChunksAvailable,
  setDocumentChunksAvailable,
  upsertChunks,
} from "../src/chunk-index/index";
import { openDatabase } from "../src/client";
import { insertKnowledgeBase } from "../src/queries/knowledge-bases";
import { insertTenant } from "../src/queries/tenants";
import { insertUser } from "../src/queries/users";
import { type TestDatabase, testBackends } from "../src/testing";

const hex = (label: string) => createHash("md5").update(label).digest("hex");

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Zipf-ish vocabulary: low ranks are common, high ranks rare. */
const VOCAB = Array.from({ length: 300 }, (_, i) => `w${i}`);
function words(next: () => number, n: number): string[] {
  return Array.from({ length: n }, () => VOCAB[Math.floor(VOCAB.length * next() ** 2.5)] ?? "w0");
}

function counts(tokens: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const token of tokens) out[token] = (out[token] ?? 0) + 1;
  return out;
}

function chunk(
  docId: string,
  content: string[],
  title: string[] = [],
  keywords: string[] = [],
): IndexChunkInput {
  const text = content.join(" ");
  return {
    id: hex(docId + text),
    content: text,
    docName: "doc.txt",
    tokenCount: content.length,
    length: content.length + title.length + keywords.length,
    fields: { content: counts(content), title: counts(title), keywords: counts(keywords) },
    importantKeywords: keywords,
  };
}

describe.each(testBackends())("in-memory keyword index on $dialect", (backend) => {
  let d: TestDatabase;
  const userId = hex("user");
  const tenantId = hex("tenant");
  const next = random(7);
  const kbA = hex("kb:a");
  const kbB = hex("kb:b");
  const docs: { kbId: string; docId: string }[] = [];

  beforeAll(async () => {
    d = await backend.open();
    await insertUser(d, { id: userId, email: "owner@example.test", nickname: "owner" });
    await insertTenant(d, { id: tenantId, name: "Workspace" });
    for (const [id, name] of [
      [kbA, "A"],
      [kbB, "B"],
    ] as const) {
      await insertKnowledgeBase(d, {
        id,
        tenantId,
        name,
        embeddingModel: "m@builtin",
        parserConfig: {},
        createdBy: userId,
      });
    }
    for (let i = 0; i < 60; i++) {
      const kbId = i % 3 === 0 ? kbB : kbA;
      const docId = hex(`doc${i}`);
      await d.db.insert(d.t.documents).values({
        id: docId,
        kbId,
        name: `d${i}.txt`,
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
      docs.push({ kbId, docId });
    }
    await replaceDocumentsChunks(d, {
      documents: docs.map(({ kbId, docId }) => ({
        kbId,
        docId,
        chunks: Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
          chunk(
            docId,
            words(next, 5 + Math.floor(next() * 40)),
            words(next, 2),
            next() < 0.3 ? words(next, 2) : [],
          ),
        ),
      })),
    });
  });
  afterAll(async () => {
    await d?.close();
  });

  const queries = () => {
    const q = random(99);
    return Array.from({ length: 25 }, () => words(q, 1 + Math.floor(q() * 5)));
  };

  /** Every query on both engines, over A, B and both, with and without a document filter. */
  async function expectSameAnswers(db = d) {
    const docFilter = docs.filter((_, i) => i % 4 === 0).map((x) => x.docId);
    let compared = 0;
    for (const terms of queries()) {
      for (const kbIds of [[kbA], [kbB], [kbA, kbB]]) {
        for (const docIds of [undefined, docFilter]) {
          const input: KeywordSearchInput = {
            kbIds,
            terms: terms.map((term, i) => ({ term, weight: i === 0 ? 2 : 1 })),
            docIds,
            limit: 15,
            k1: 0.9,
            b: 0.4,
            fieldBoosts: { title: 3 },
            explain: true,
          };
          const [memory, viaSql] = await Promise.all([
            keywordSearch(db, { ...input, engine: "memory" }),
            keywordSearch(db, { ...input, engine: "sql" }),
          ]);
          // Both paths name each hit's document; everything must be identical.
          expect(memory).toEqual(viaSql);
          expect(memory.every((hit) => hit.docId && hit.docName === "doc.txt")).toBe(true);
          compared += viaSql.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  }

  it("by default, the first search of a knowledge base answers through SQL while its index loads in the background", async () => {
    dropMemoryIndexes(d);
    const input = { kbIds: [kbA], terms: [{ term: "w1" }, { term: "w7" }], limit: 20 };
    // Hits compared by chunk and score (the memory path also names each hit's document).
    const ranked = (hits: { chunkId: string; score: number }[]) => hits.map((h) => [h.chunkId, h.score]);
    const viaSql = ranked(await keywordSearch(d, { ...input, engine: "sql" }));
    expect(viaSql.length).toBeGreaterThan(0);
    // Not loaded yet: the answer is SQL's, and the load has started without holding the search up.
    expect(ranked(await keywordSearch(d, input))).toEqual(viaSql);
    await expect
      .poll(() => memoryIndexStats(d).find((s) => s.kbId === kbA)?.postings ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(500);
    // Loaded: the same answer, from memory.
    expect(ranked(await keywordSearch(d, input))).toEqual(viaSql);
  });

  it("answers exactly like SQL, from a whole load and after reloading changed documents", async () => {
    dropMemoryIndexes(d);
    await expectSameAnswers();
    const [stats] = memoryIndexStats(d).filter((s) => s.kbId === kbA);
    expect(stats?.postings).toBeGreaterThan(500);

    // Re-parse a few documents, edit and delete single chunks.
    const [first, second, third] = docs.filter((x) => x.kbId === kbA);
    if (!first || !second || !third) throw new Error("seed");
    await replaceDocumentsChunks(d, {
      documents: [first, second].map(({ kbId, docId }) => ({
        kbId,
        docId,
        chunks: [chunk(docId, words(next, 30))],
      })),
    });
    await upsertChunks(d, { ...third, chunks: [chunk(third.docId, ["w1", "w2", "upsert1", "upsert2"])] });
    await expectSameAnswers();
    const probe = await keywordSearch(d, { kbIds: [kbA], terms: [{ term: "upsert1" }], limit: 10 });
    expect(probe.map((h) => h.chunkId)).toContain(hex(`${third.docId}w1 w2 upsert1 upsert2`));
    await deleteChunks(d, { chunkIds: [hex(`${third.docId}w1 w2 upsert1 upsert2`)] });
    await expectSameAnswers();
  });

  it("honours chunk and document switches at once, on both engines", async () => {
    const target = docs[5];
    if (!target) throw new Error("seed");
    const before = await keywordSearch(d, {
      kbIds: [target.kbId],
      terms: VOCAB.slice(0, 60).map((term) => ({ term })),
      limit: 1000,
    });
    const ofDoc = (
      await d.db.select({ id: d.t.chunks.id }).from(d.t.chunks).where(eq(d.t.chunks.docId, target.docId))
    ).map((r) => r.id);
    expect(before.some((h) => ofDoc.includes(h.chunkId))).toBe(true);
    await setChunksAvailable(d, { chunkIds: ofDoc.slice(0, 1), available: false });
    await expectSameAnswers();
    await setDocumentChunksAvailable(d, { docId: target.docId, available: false });
    const hidden = await keywordSearch(d, {
      kbIds: [target.kbId],
      terms: VOCAB.slice(0, 60).map((term) => ({ term })),
      limit: 1000,
    });
    expect(hidden.some((h) => ofDoc.includes(h.chunkId))).toBe(false);
    await expectSameAnswers();
    await setDocumentChunksAvailable(d, { docId: target.docId, available: true });
    await setChunksAvailable(d, { chunkIds: ofDoc.slice(0, 1), available: true });
    await expectSameAnswers();
  });

  it("forgets a document deleted by cascade (no call into the index) and publishes staged runs", async () => {
    const gone = docs.find((x, i) => i > 10 && x.kbId === kbA);
    if (!gone) throw new Error("seed");
    await keywordSearch(d, { kbIds: [kbA], terms: [{ term: "w0" }], limit: 5 }); // cache warm
    await d.db.delete(d.t.documents).where(eq(d.t.documents.id, gone.docId));
    docs.splice(docs.indexOf(gone), 1);
    const all = await keywordSearch(d, {
      kbIds: [kbA],
      terms: VOCAB.map((term) => ({ term })),
      limit: 10_000,
    });
    const live = new Set((await d.db.select({ id: d.t.chunks.id }).from(d.t.chunks)).map((r) => r.id));
    expect(all.every((h) => live.has(h.chunkId))).toBe(true);
    await expectSameAnswers();

    const staged = docs.find((x) => x.kbId === kbB);
    if (!staged) throw new Error("seed");
    await appendDocumentChunks(d, {
      ...staged,
      runId: "run1",
      chunks: [chunk(staged.docId, ["w7", "staged1", "staged2"])],
    });
    expect((await keywordSearch(d, { kbIds: [kbB], terms: [{ term: "staged2" }], limit: 5 })).length).toBe(0);
    await publishDocumentRun(d, { ...staged, runId: "run1" });
    expect(
      (await keywordSearch(d, { kbIds: [kbB], terms: [{ term: "staged2" }], limit: 5 })).map(
        (h) => h.chunkId,
      ),
    ).toEqual([hex(`${staged.docId}w7 staged1 staged2`)]);
    await expectSameAnswers();
  });

  it("sees writes made by another connection (another process) on the next search", async () => {
    // PGlite runs in one process only; its writers all share the connection, which the tests above cover.
    if (backend.dialect === "pglite") return;
    const other = await openDatabase({ url: d.url });
    try {
      await keywordSearch(d, { kbIds: [kbA], terms: [{ term: "w3" }], limit: 5 }); // cache warm
      const target = docs.find((x) => x.kbId === kbA);
      if (!target) throw new Error("seed");
      await replaceDocumentsChunks(other, {
        documents: [{ ...target, chunks: [chunk(target.docId, ["w3", "other1", "other2"])] }],
      });
      const hits = await keywordSearch(d, { kbIds: [kbA], terms: [{ term: "other1" }], limit: 5 });
      expect(hits.map((h) => h.chunkId)).toEqual([hex(`${target.docId}w3 other1 other2`)]);
      await setDocumentChunksAvailable(other, { docId: target.docId, available: false });
      expect(await keywordSearch(d, { kbIds: [kbA], terms: [{ term: "other1" }], limit: 5 })).toEqual([]);
      await expectSameAnswers();
    } finally {
      await other.close();
    }
  });

  it("survives many changes at once (whole reload) and stays equal to SQL", async () => {
    await keywordSearch(d, { kbIds: [kbA, kbB], terms: [{ term: "w1" }], limit: 5 });
    await replaceDocumentsChunks(d, {
      documents: docs.map(({ kbId, docId }) => ({ kbId, docId, chunks: [chunk(docId, words(next, 20))] })),
    });
    await expectSameAnswers();
  });
});
