/**
 * The chunk index on every backend: PGlite (pgvector), PostgreSQL (pgvector when the server has it, the
 * exact scan otherwise — PostgreSQL 15 on Debian 12 has no pgvector) and MariaDB (exact scan). Each
 * backend gets one migrated database; each test builds its own knowledge base, so BM25 statistics
 * never leak between tests. Ids are derived from labels, so every backend holds the very same data and
 * the last test can compare their answers.
 */
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendDocumentChunks,
  countChunks,
  createVectorIndex,
  deleteChunks,
  discardDocumentRun,
  ensureChunkIndex,
  getChunks,
  type IndexChunkInput,
  type KeywordHit,
  keywordSearch,
  listDocumentChunks,
  publishDocumentRun,
  publishDocumentRuns,
  replaceDocumentChunks,
  replaceDocumentsChunks,
  setChunkEmbeddings,
  setChunksAvailable,
  setDocumentChunksAvailable,
  upsertChunks,
  type VectorHit,
  vectorMode,
  vectorSearch,
} from "../src/chunk-index/index";
import type { DatabaseConnection } from "../src/client";
import { insertKnowledgeBase } from "../src/queries/knowledge-bases";
import { insertTenant } from "../src/queries/tenants";
import { insertUser } from "../src/queries/users";
import { testBackends } from "../src/testing";

const hex = (label: string) => createHash("md5").update(label).digest("hex");
const tokenize = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

function counts(tokens: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const token of tokens) out[token] = (out[token] ?? 0) + 1;
  return out;
}

type ChunkSpec = {
  title?: string;
  keywords?: string[];
  embedding?: number[] | null;
  available?: boolean;
  /** Overrides the BM25 length (otherwise: tokens over all fields). */
  length?: number;
};

function chunk(docId: string, content: string, spec: ChunkSpec = {}): IndexChunkInput {
  const contentTokens = tokenize(content);
  const titleTokens = tokenize(spec.title ?? "");
  const keywordTokens = tokenize((spec.keywords ?? []).join(" "));
  return {
    id: hex(docId + content),
    content,
    docName: "doc.txt",
    tokenCount: contentTokens.length,
    length: spec.length ?? contentTokens.length + titleTokens.length + keywordTokens.length,
    fields: { content: counts(contentTokens), title: counts(titleTokens), keywords: counts(keywordTokens) },
    embedding: spec.embedding ?? null,
    importantKeywords: spec.keywords ?? [],
    positions: [[1, 0, 100, 0, 20]],
    pageNumbers: [1],
    available: spec.available,
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so every backend indexes the same "random" data. */
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

const randomVector = (next: () => number, dim: number) => Array.from({ length: dim }, () => next() * 2 - 1);

const cosine = (a: number[], b: number[]) => {
  const fa = a.map(Math.fround);
  const fb = b.map(Math.fround);
  const dot = fa.reduce((s, v, i) => s + v * (fb[i] ?? 0), 0);
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return dot / (norm(fa) * norm(fb));
};

const ids = (hits: { chunkId: string }[]) => hits.map((h) => h.chunkId);

/** What each backend answered to the shared workload, compared in the last test. */
const answers = new Map<string, { keyword: KeywordHit[][]; vector: VectorHit[][] }>();

const backends = testBackends();

describe.each(backends)("chunk index on $dialect", (backend) => {
  let d: DatabaseConnection;
  const userId = hex("user");
  const tenantId = hex("tenant");

  beforeAll(async () => {
    d = await backend.open();
    await ensureChunkIndex(d);
    await insertUser(d, { id: userId, email: "owner@example.test", nickname: "owner" });
    await insertTenant(d, { id: tenantId, name: "Workspace" });
  });

  afterAll(async () => {
    await d?.close();
  });

  async function seedKb(label: string): Promise<string> {
    const id = hex(`kb:${label}`);
    await insertKnowledgeBase(d, {
      id,
      tenantId,
      name: label,
      embeddingModel: "test@builtin",
      parserConfig: {},
      createdBy: userId,
    });
    return id;
  }

  async function seedDoc(kbId: string, label: string): Promise<string> {
    const id = hex(`doc:${kbId}:${label}`);
    await d.db.insert(d.t.documents).values({
      id,
      kbId,
      name: `${label}.txt`,
      suffix: "txt",
      type: "text",
      size: 1,
      storageKey: id,
      contentHash: id,
      chunkMethod: "naive",
      parserConfig: {},
      metadata: {},
      createdBy: userId,
    });
    return id;
  }

  /** One document per chunk (like SciFact abstracts), all in one knowledge base. */
  async function seedCorpus(label: string, contents: (string | [string, ChunkSpec])[]) {
    const kbId = await seedKb(label);
    const chunkIds: string[] = [];
    for (const [i, item] of contents.entries()) {
      const docId = await seedDoc(kbId, `d${i}`);
      const [content, spec] = typeof item === "string" ? [item, {}] : item;
      const input = chunk(docId, content, spec);
      await replaceDocumentChunks(d, { kbId, docId, chunks: [input] });
      chunkIds.push(input.id);
    }
    return { kbId, chunkIds };
  }

  const search = (kbId: string, query: string, extra: Partial<Parameters<typeof keywordSearch>[1]> = {}) =>
    keywordSearch(d, {
      kbIds: [kbId],
      terms: tokenize(query).map((term) => ({ term })),
      limit: 10,
      ...extra,
    });

  it("reports how it searches vectors: pgvector where the extension exists, an exact scan elsewhere", async () => {
    const mode = await vectorMode(d);
    if (backend.dialect === "pglite") expect(mode).toBe("pgvector");
    if (backend.dialect === "mysql") expect(mode).toBe("exact-scan");
    if (backend.dialect === "postgres") {
      const rows = await d.db.execute(sql`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
      const hasPgvector = (Array.isArray(rows) ? rows.length : 0) > 0;
      expect(mode).toBe(hasPgvector ? "pgvector" : "exact-scan");
      const setup = await ensureChunkIndex(d);
      if (!hasPgvector) expect(setup.reason).toMatch(/pgvector/);
    }
  });

  describe("keyword search (BM25)", () => {
    it("ranks a chunk with a rare query term above one with a common term", async () => {
      const { kbId, chunkIds } = await seedCorpus("rare-vs-common", [
        "apple grows on trees",
        "kiwi grows on vines",
        "apple pie recipe today",
        "apple juice recipe today",
        "apple cider recipe today",
      ]);
      const hits = await search(kbId, "apple kiwi");
      expect(hits[0]?.chunkId).toBe(chunkIds[1]);
      expect(hits).toHaveLength(5);
      expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Number.POSITIVE_INFINITY);
    });

    it("matches a BM25 score computed by hand to 1e-6", async () => {
      const { kbId, chunkIds } = await seedCorpus("hand-computed", [
        "the cat sat on the mat",
        "the dog chased the cat around the yard",
        "birds sing in the morning",
        "a cat and a cat and a dog",
      ]);
      const hits = await search(kbId, "cat dog", { k1: 1.2, b: 0.75, explain: true });
      // N = 4 chunks; lengths 6, 8, 5, 8 → avgdl = 27 / 4 = 6.75. df(cat) = 3, df(dog) = 2.
      const idf = (df: number) => Math.log(1 + (4 - df + 0.5) / (df + 0.5));
      const term = (tf: number, len: number) => (tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * len) / 6.75));
      const expected = idf(3) * term(2, 8) + idf(2) * term(1, 8);
      const fourth = hits.find((h) => h.chunkId === chunkIds[3]);
      expect(fourth?.score).toBeCloseTo(expected, 6);
      expect(Math.abs((fourth?.score ?? 0) - expected)).toBeLessThan(1e-6);
      expect(fourth?.explanation).toMatchObject({ n: 4, avgLength: 6.75, length: 8 });
      expect(fourth?.explanation?.terms.map((t) => [t.term, t.df])).toEqual([
        ["cat", 3],
        ["dog", 2],
      ]);
      const first = hits.find((h) => h.chunkId === chunkIds[0]);
      expect(first?.score).toBeCloseTo(idf(3) * term(1, 6), 10);
      expect(hits.find((h) => h.chunkId === chunkIds[2])).toBeUndefined();
    });

    it("normalises by length: the same term frequency weighs more in a shorter chunk", async () => {
      const { kbId, chunkIds } = await seedCorpus("length", [
        "quantum entanglement explained",
        "quantum mechanics is a long subject with many many many many many other words in it",
        "unrelated text about gardens",
      ]);
      const hits = await search(kbId, "quantum");
      expect(ids(hits)).toEqual([chunkIds[0], chunkIds[1]]);
      const flat = await search(kbId, "quantum", { b: 0 });
      expect(flat[0]?.score).toBe(flat[1]?.score);
    });

    it("boosts fields: a term in the title counts more than in the body, unless told otherwise", async () => {
      const { kbId, chunkIds } = await seedCorpus("boosts", [
        ["growth of the economy in the third quarter", { title: "inflation report" }],
        ["inflation rose in the third quarter again", { title: "economy report" }],
        ["weather was mild in the third quarter", { title: "weather report" }],
      ]);
      const byDefault = await search(kbId, "inflation");
      expect(ids(byDefault)).toEqual([chunkIds[0], chunkIds[1]]);
      const bodyFirst = await search(kbId, "inflation", { fieldBoosts: { title: 0.2 } });
      expect(ids(bodyFirst)).toEqual([chunkIds[1], chunkIds[0]]);
      const titleOnly = await search(kbId, "inflation", { fieldBoosts: { content: 0 } });
      expect(ids(titleOnly)).toEqual([chunkIds[0]]);
    });

    it("searches several knowledge bases as one collection and honours a document filter", async () => {
      const a = await seedCorpus("multi-a", ["solar panels on roofs", "wind turbines offshore"]);
      const b = await seedCorpus("multi-b", ["solar eclipse tonight", "lunar eclipse soon"]);
      const both = await keywordSearch(d, {
        kbIds: [a.kbId, b.kbId],
        terms: [{ term: "solar" }],
        limit: 10,
        explain: true,
      });
      expect(new Set(ids(both))).toEqual(new Set([a.chunkIds[0], b.chunkIds[0]]));
      expect(both[0]?.explanation?.n).toBe(4);
      const docId = hex(`doc:${b.kbId}:d0`);
      const filtered = await keywordSearch(d, {
        kbIds: [a.kbId, b.kbId],
        terms: [{ term: "solar" }],
        docIds: [docId],
        limit: 10,
        explain: true,
      });
      expect(ids(filtered)).toEqual([b.chunkIds[0]]);
      // IDF stays a property of the collection, not of the filtered subset.
      expect(filtered[0]?.explanation?.terms[0]?.df).toBe(2);
      expect(await keywordSearch(d, { kbIds: [a.kbId], terms: [{ term: "eclipse" }], limit: 5 })).toEqual([]);
    });

    it("keeps terms apart that MySQL's default collation would merge", async () => {
      const { kbId, chunkIds } = await seedCorpus("collation", [
        "straße closed",
        "strasse open",
        "Résumé sent",
      ]);
      expect(ids(await search(kbId, "straße"))).toEqual([chunkIds[0]]);
      expect(ids(await search(kbId, "strasse"))).toEqual([chunkIds[1]]);
      expect(ids(await search(kbId, "resume"))).toEqual([]);
      expect(ids(await search(kbId, "résumé"))).toEqual([chunkIds[2]]);
    });
  });

  describe("vector search (cosine)", () => {
    it("returns the nearest chunks by cosine for 3- and 512-dimensional vectors in different KBs", async () => {
      const small = await seedKb("vectors-3");
      const large = await seedKb("vectors-512");
      const docSmall = await seedDoc(small, "v");
      const docLarge = await seedDoc(large, "v");
      const threeD: [string, number[]][] = [
        ["east", [1, 0, 0]],
        ["north-east", [1, 1, 0]],
        ["north", [0, 1, 0]],
        ["west", [-1, 0, 0]],
        ["up", [0, 0, 1]],
      ];
      await replaceDocumentChunks(d, {
        kbId: small,
        docId: docSmall,
        chunks: threeD.map(([name, v]) => chunk(docSmall, name, { embedding: v })),
      });
      const next = random(512);
      const vectors = Array.from({ length: 60 }, () => randomVector(next, 512));
      const largeChunks = vectors.map((v, i) => chunk(docLarge, `vector ${i}`, { embedding: v }));
      await replaceDocumentChunks(d, { kbId: large, docId: docLarge, chunks: largeChunks });

      const query3 = [0.9, 0.3, 0];
      const hits3 = await vectorSearch(d, { kbIds: [small], vector: query3, topK: 3 });
      expect(ids(hits3)).toEqual(["east", "north-east", "north"].map((c) => hex(docSmall + c)));
      expect(hits3[0]?.similarity).toBeCloseTo(cosine(query3, [1, 0, 0]), 6);
      const opposite = await vectorSearch(d, { kbIds: [small], vector: [-1, 0, 0], topK: 5 });
      expect(opposite[0]?.similarity).toBeCloseTo(1, 6);
      expect(opposite.at(-1)?.similarity).toBeCloseTo(-1, 6);

      // A slightly perturbed copy of vector 17 finds vector 17 first.
      const query512 = (vectors[17] ?? []).map((x, i) => x + (i % 7 === 0 ? 0.05 : 0));
      const hits512 = await vectorSearch(d, { kbIds: [large], vector: query512, topK: 5 });
      expect(hits512[0]?.chunkId).toBe(largeChunks[17]?.id);
      const expected = vectors
        .map((v, i) => ({ id: largeChunks[i]?.id, s: cosine(query512, v) }))
        .sort((x, y) => y.s - x.s)
        .slice(0, 5);
      expect(ids(hits512)).toEqual(expected.map((e) => e.id));
      for (const [i, hit] of hits512.entries()) expect(hit.similarity).toBeCloseTo(expected[i]?.s ?? 0, 5);

      // Searching both KBs with a 3-d query only sees 3-d vectors.
      const mixed = await vectorSearch(d, { kbIds: [small, large], vector: query3, topK: 10 });
      expect(mixed).toHaveLength(5);

      // With an HNSW index for the dimension (pgvector only), the same neighbours come back.
      const built = await createVectorIndex(d, { dim: 512 });
      expect(built).toBe((await vectorMode(d)) === "pgvector");
      expect(ids(await vectorSearch(d, { kbIds: [large], vector: query512, topK: 5 }))).toEqual(ids(hits512));
    });

    it("finds chunks embedded after they were indexed, and refuses vectors it cannot score", async () => {
      const kbId = await seedKb("late-embedding");
      const docId = await seedDoc(kbId, "late");
      const a = chunk(docId, "first passage");
      const b = chunk(docId, "second passage");
      await replaceDocumentChunks(d, { kbId, docId, chunks: [a, b] });
      expect(await vectorSearch(d, { kbIds: [kbId], vector: [1, 0], topK: 5 })).toEqual([]);
      expect(
        await setChunkEmbeddings(d, {
          embeddings: [
            { chunkId: a.id, embedding: [1, 0] },
            { chunkId: b.id, embedding: [0, 1] },
          ],
        }),
      ).toBe(2);
      expect(ids(await vectorSearch(d, { kbIds: [kbId], vector: [0.2, 1], topK: 5 }))).toEqual([b.id, a.id]);
      expect((await getChunks(d, [a.id]))[0]?.vectorDim).toBe(2);
      await expect(vectorSearch(d, { kbIds: [kbId], vector: [0, 0], topK: 5 })).rejects.toThrow(
        /zero vector/,
      );
      await expect(
        replaceDocumentChunks(d, {
          kbId,
          docId,
          chunks: [chunk(docId, "bad", { embedding: [Number.NaN, 1] })],
        }),
      ).rejects.toThrow(/non-finite/);
      expect(await countChunks(d, { docIds: [docId] })).toEqual({ chunkCount: 2, tokenCount: 4 });
    });
  });

  describe("re-parse and removal", () => {
    it("replaces a document's chunks: afterwards only the new chunks, postings and statistics exist", async () => {
      const kbId = await seedKb("replace");
      const docId = await seedDoc(kbId, "doc");
      const other = await seedDoc(kbId, "other");
      await replaceDocumentChunks(d, {
        kbId,
        docId: other,
        chunks: [chunk(other, "shared words elsewhere")],
      });
      const old = [chunk(docId, "obsolete shared alpha"), chunk(docId, "obsolete shared beta")];
      await replaceDocumentChunks(d, { kbId, docId, chunks: old });
      const fresh = [
        chunk(docId, "renewed shared gamma", { embedding: [1, 2] }),
        chunk(docId, "renewed delta", { embedding: [2, 1] }),
      ];
      const counts_ = await replaceDocumentChunks(d, { kbId, docId, chunks: fresh });
      expect(counts_).toEqual({ chunkCount: 2, tokenCount: 5 });

      expect(await getChunks(d, ids(old.map((c) => ({ chunkId: c.id }))))).toEqual([]);
      const listed = await listDocumentChunks(d, { docId, page: 1, pageSize: 10 });
      expect(listed.items.map((c) => c.id)).toEqual(fresh.map((c) => c.id));
      expect(await search(kbId, "obsolete alpha beta")).toEqual([]);
      const shared = await search(kbId, "shared", { explain: true });
      expect(shared[0]?.explanation).toMatchObject({ n: 3 });
      expect(shared[0]?.explanation?.terms[0]?.df).toBe(2);
      const postings = await d.db
        .select({ chunkId: d.t.chunkPostings.chunkId })
        .from(d.t.chunkPostings)
        .where(eq(d.t.chunkPostings.kbId, kbId));
      expect(new Set(postings.map((p) => p.chunkId))).toEqual(
        new Set([...fresh.map((c) => c.id), hex(`${other}shared words elsewhere`)]),
      );
      expect(ids(await vectorSearch(d, { kbIds: [kbId], vector: [1, 2], topK: 5 }))).toEqual(
        fresh.map((c) => c.id),
      );
    });

    it("replaces many documents in one call, each atomically, and refuses unknown or repeated ones", async () => {
      const kbId = await seedKb("batch");
      const docs = [await seedDoc(kbId, "a"), await seedDoc(kbId, "b"), await seedDoc(kbId, "c")];
      const first = await replaceDocumentsChunks(d, {
        documents: docs.map((docId, i) => ({ kbId, docId, chunks: [chunk(docId, `batch text number${i}`)] })),
      });
      expect(first.map((r) => [r.docId, r.chunkCount])).toEqual(docs.map((docId) => [docId, 1]));
      const [a, b] = docs;
      const second = await replaceDocumentsChunks(d, {
        documents: [
          {
            kbId,
            docId: a ?? "",
            chunks: [chunk(a ?? "", "batch text again"), chunk(a ?? "", "more batch text")],
          },
          { kbId, docId: b ?? "", chunks: [] },
        ],
      });
      expect(second.map((r) => r.chunkCount)).toEqual([2, 0]);
      const hits = await search(kbId, "batch", { explain: true });
      expect(hits).toHaveLength(3);
      expect(hits[0]?.explanation?.n).toBe(3);
      await expect(
        replaceDocumentsChunks(d, {
          documents: [
            { kbId, docId: docs[2] ?? "", chunks: [] },
            { kbId, docId: hex("no such document"), chunks: [] },
          ],
        }),
      ).rejects.toThrow(/does not exist/);
      await expect(
        replaceDocumentsChunks(d, {
          documents: [
            { kbId, docId: a ?? "", chunks: [] },
            { kbId, docId: a ?? "", chunks: [] },
          ],
        }),
      ).rejects.toThrow(/twice/);
      expect(await search(kbId, "batch")).toHaveLength(3);
      await expect(
        replaceDocumentChunks(d, { kbId: hex("kb:other"), docId: a ?? "", chunks: [] }),
      ).rejects.toThrow(/belongs to knowledge base/);
    });

    it("leaves the old chunks intact when a replacement fails half-way", async () => {
      const kbId = await seedKb("failed-replace");
      const docId = await seedDoc(kbId, "doc");
      const old = [chunk(docId, "steady state content", { embedding: [1, 0, 0] })];
      await replaceDocumentChunks(d, { kbId, docId, chunks: old });
      await expect(
        d.transaction(async (tx) => {
          await replaceDocumentChunks(tx, {
            kbId,
            docId,
            chunks: [chunk(docId, "half written", { embedding: [0, 1, 0] })],
          });
          throw new Error("worker died");
        }),
      ).rejects.toThrow("worker died");
      expect(ids(await search(kbId, "steady"))).toEqual([old[0]?.id]);
      expect(await search(kbId, "half written")).toEqual([]);
      expect(ids(await vectorSearch(d, { kbIds: [kbId], vector: [0, 1, 0], topK: 5 }))).toEqual([old[0]?.id]);
      expect(await countChunks(d, { kbIds: [kbId] })).toEqual({ chunkCount: 1, tokenCount: 3 });
    });

    it("shows a concurrent search the old chunks while a replacement is uncommitted", async () => {
      // PGlite is one connection: a search queues behind the open transaction, so it cannot see a mix
      // there either. On servers, the search runs on another pooled connection during the replacement.
      if (backend.dialect === "pglite") return;
      const kbId = await seedKb("concurrent");
      const docId = await seedDoc(kbId, "doc");
      const old = [chunk(docId, "original passage one", { embedding: [1, 0] })];
      await replaceDocumentChunks(d, { kbId, docId, chunks: old });
      const seenDuring: string[][] = [];
      await d.transaction(async (tx) => {
        await replaceDocumentChunks(tx, {
          kbId,
          docId,
          chunks: [chunk(docId, "replacement passage two", { embedding: [0, 1] })],
        });
        seenDuring.push(ids(await search(kbId, "passage")));
        seenDuring.push(ids(await vectorSearch(d, { kbIds: [kbId], vector: [0, 1], topK: 5 })));
      });
      expect(seenDuring).toEqual([[old[0]?.id], [old[0]?.id]]);
      expect(ids(await search(kbId, "passage"))).toEqual([hex(`${docId}replacement passage two`)]);
    });

    it("stages page-range runs invisibly and swaps them in at once", async () => {
      const kbId = await seedKb("runs");
      const docId = await seedDoc(kbId, "doc");
      const old = chunk(docId, "first edition text", { embedding: [1, 1] });
      await replaceDocumentChunks(d, { kbId, docId, chunks: [old] });
      const runId = hex("run-1");
      const part1 = [chunk(docId, "second edition page one", { embedding: [1, 0] })];
      const part2 = [chunk(docId, "second edition page two", { embedding: [0, 1] })];
      expect(
        await appendDocumentChunks(d, {
          kbId,
          docId,
          runId,
          chunks: part2.map((c) => ({ ...c, ordinal: 100 })),
        }),
      ).toBe(1);
      expect(await appendDocumentChunks(d, { kbId, docId, runId, chunks: part1 })).toBe(1);
      // A retried task stages the same chunks again: nothing changes.
      expect(await appendDocumentChunks(d, { kbId, docId, runId, chunks: part1 })).toBe(0);
      expect(ids(await search(kbId, "edition"))).toEqual([old.id]);
      expect(ids(await vectorSearch(d, { kbIds: [kbId], vector: [1, 0], topK: 5 }))).toEqual([old.id]);

      expect(await publishDocumentRun(d, { kbId, docId, runId })).toEqual({ chunkCount: 2, tokenCount: 8 });
      const listed = await listDocumentChunks(d, { docId, page: 1, pageSize: 10 });
      expect(listed.items.map((c) => c.id)).toEqual([part1[0]?.id, part2[0]?.id]);
      expect(new Set(ids(await search(kbId, "edition")))).toEqual(new Set([part1[0]?.id, part2[0]?.id]));
      expect(ids(await vectorSearch(d, { kbIds: [kbId], vector: [1, 0.1], topK: 1 }))).toEqual([
        part1[0]?.id,
      ]);

      // A cancelled run leaves nothing behind.
      const cancelled = hex("run-2");
      await appendDocumentChunks(d, {
        kbId,
        docId,
        runId: cancelled,
        chunks: [chunk(docId, "abandoned words")],
      });
      expect(await discardDocumentRun(d, { docId, runId: cancelled })).toBe(1);
      expect(await search(kbId, "abandoned")).toEqual([]);
      expect(await countChunks(d, { docIds: [docId] })).toEqual({ chunkCount: 2, tokenCount: 8 });

      // Several documents' runs published together.
      const other = await seedDoc(kbId, "other");
      const runs = [
        { kbId, docId, runId: hex("run-3") },
        { kbId, docId: other, runId: hex("run-4") },
      ];
      await appendDocumentChunks(d, {
        kbId,
        docId,
        runId: hex("run-3"),
        chunks: [chunk(docId, "third edition")],
      });
      await appendDocumentChunks(d, {
        kbId,
        docId: other,
        runId: hex("run-4"),
        chunks: [chunk(other, "other edition")],
      });
      expect((await publishDocumentRuns(d, { runs })).map((r) => r.chunkCount)).toEqual([1, 1]);
      expect(new Set(ids(await search(kbId, "edition")))).toEqual(
        new Set([hex(`${docId}third edition`), hex(`${other}other edition`)]),
      );
    });

    it("removes chunks, postings and statistics with their document (cascade)", async () => {
      const { kbId, chunkIds } = await seedCorpus("cascade", [
        ["temporary finding about proteins", { embedding: [1, 0] }],
        ["lasting finding about genes", { embedding: [0, 1] }],
      ]);
      const docId = hex(`doc:${kbId}:d0`);
      await d.db.delete(d.t.documents).where(eq(d.t.documents.id, docId));
      expect(await getChunks(d, chunkIds)).toHaveLength(1);
      const hits = await search(kbId, "finding proteins", { explain: true });
      expect(ids(hits)).toEqual([chunkIds[1]]);
      expect(hits[0]?.explanation?.n).toBe(1);
      expect(ids(await vectorSearch(d, { kbIds: [kbId], vector: [1, 0], topK: 5 }))).toEqual([chunkIds[1]]);
      const orphans = await d.db
        .select({ chunkId: d.t.chunkPostings.chunkId })
        .from(d.t.chunkPostings)
        .where(eq(d.t.chunkPostings.chunkId, chunkIds[0] ?? ""));
      expect(orphans).toEqual([]);
    });

    it("edits and deletes single chunks", async () => {
      const kbId = await seedKb("edits");
      const docId = await seedDoc(kbId, "doc");
      const a = chunk(docId, "draft sentence one");
      const b = chunk(docId, "draft sentence two");
      await replaceDocumentChunks(d, { kbId, docId, chunks: [a, b] });
      const edited = chunk(docId, "final sentence one");
      await upsertChunks(d, { kbId, docId, chunks: [{ ...edited, ordinal: 0 }], removeIds: [a.id] });
      expect(ids(await search(kbId, "sentence"))).toHaveLength(2);
      expect(ids(await search(kbId, "final"))).toEqual([edited.id]);
      expect(await deleteChunks(d, { chunkIds: [b.id] })).toBe(1);
      expect(ids(await search(kbId, "sentence"))).toEqual([edited.id]);
      const page = await listDocumentChunks(d, { docId, keywords: "FINAL", page: 1, pageSize: 5 });
      expect(page.total).toBe(1);
      expect(await countChunks(d, { kbIds: [kbId] })).toEqual({ chunkCount: 1, tokenCount: 3 });
    });
  });

  describe("availability", () => {
    it("hides a disabled chunk from both searches and from the statistics", async () => {
      const { kbId, chunkIds } = await seedCorpus("chunk-switch", [
        ["hidden treasure map", { embedding: [1, 0] }],
        ["visible treasure chest", { embedding: [0.9, 0.1] }],
      ]);
      await setChunksAvailable(d, { chunkIds: [chunkIds[0] ?? ""], available: false });
      const hits = await search(kbId, "treasure map", { explain: true });
      expect(ids(hits)).toEqual([chunkIds[1]]);
      expect(hits[0]?.explanation?.n).toBe(1);
      expect(ids(await vectorSearch(d, { kbIds: [kbId], vector: [1, 0], topK: 5 }))).toEqual([chunkIds[1]]);
      expect((await getChunks(d, [chunkIds[0] ?? ""]))[0]?.available).toBe(false);
      await setChunksAvailable(d, { chunkIds: [chunkIds[0] ?? ""], available: true });
      expect(ids(await search(kbId, "map"))).toEqual([chunkIds[0]]);
    });

    it("hides a disabled document's chunks, keeps them hidden through a re-parse, and restores chunk switches", async () => {
      const kbId = await seedKb("doc-switch");
      const docId = await seedDoc(kbId, "doc");
      const a = chunk(docId, "secret plan alpha", { embedding: [1, 0] });
      const b = chunk(docId, "secret plan beta", { embedding: [0, 1], available: false });
      await replaceDocumentChunks(d, { kbId, docId, chunks: [a, b] });
      expect(ids(await search(kbId, "secret"))).toEqual([a.id]);

      await d.transaction(async (tx) => {
        await tx.db.update(tx.t.documents).set({ enabled: false }).where(eq(tx.t.documents.id, docId));
        await setDocumentChunksAvailable(tx, { docId, available: false });
      });
      expect(await search(kbId, "secret")).toEqual([]);
      expect(await vectorSearch(d, { kbIds: [kbId], vector: [1, 0], topK: 5 })).toEqual([]);
      await replaceDocumentChunks(d, { kbId, docId, chunks: [a, b] });
      expect(await search(kbId, "secret")).toEqual([]);
      expect(await vectorSearch(d, { kbIds: [kbId], vector: [1, 0], topK: 5 })).toEqual([]);

      await d.transaction(async (tx) => {
        await tx.db.update(tx.t.documents).set({ enabled: true }).where(eq(tx.t.documents.id, docId));
        await setDocumentChunksAvailable(tx, { docId, available: true });
      });
      expect(ids(await search(kbId, "secret"))).toEqual([a.id]);
      expect(ids(await vectorSearch(d, { kbIds: [kbId], vector: [0, 1], topK: 5 }))).toEqual([a.id]);
    });
  });

  it("answers a shared random workload (recorded for the cross-backend comparison)", async () => {
    const kbId = await seedKb("workload");
    const next = random(42);
    const vocabulary = Array.from({ length: 120 }, (_, i) => `w${i.toString(36)}`);
    // Zipf-like word choice: low ranks are common, high ranks rare — realistic document frequencies.
    const word = () => vocabulary[Math.floor(vocabulary.length * next() ** 2.5)] ?? "w0";
    for (let doc = 0; doc < 12; doc++) {
      const docId = await seedDoc(kbId, `w${doc}`);
      const chunks = Array.from({ length: 25 }, (_, i) => {
        const words = Array.from({ length: 5 + Math.floor(next() * 40) }, word);
        return chunk(docId, `${i} ${words.join(" ")}`, {
          title: `${word()} ${word()}`,
          keywords: next() < 0.3 ? [word()] : [],
          embedding: randomVector(next, 24),
        });
      });
      await replaceDocumentChunks(d, { kbId, docId, chunks });
    }
    const keyword: KeywordHit[][] = [];
    const vector: VectorHit[][] = [];
    for (let q = 0; q < 10; q++) {
      const terms = Array.from({ length: 1 + (q % 4) }, () => ({ term: word(), weight: 1 + (q % 2) }));
      keyword.push(await keywordSearch(d, { kbIds: [kbId], terms, limit: 20, k1: 0.9, b: 0.4 }));
      vector.push(await vectorSearch(d, { kbIds: [kbId], vector: randomVector(next, 24), topK: 20 }));
    }
    expect(keyword.every((hits) => hits.length > 0)).toBe(true);
    answers.set(backend.dialect, { keyword, vector });
  });
});

describe("every backend", () => {
  it("gives identical keyword scores and the same vector neighbours for the same data", () => {
    const [reference, ...others] = [...answers.entries()];
    expect(answers.size).toBe(backends.length);
    if (!reference) return;
    for (const [, answer] of others) {
      // Keyword scores are recomputed from the same integers in the same order: bit-identical.
      expect(answer.keyword).toEqual(reference[1].keyword);
      answer.vector.forEach((hits, q) => {
        const expected = reference[1].vector[q] ?? [];
        expect(ids(hits)).toEqual(ids(expected));
        for (const [i, hit] of hits.entries()) {
          expect(hit.similarity).toBeCloseTo(expected[i]?.similarity ?? 0, 6);
        }
      });
    }
  });
});
