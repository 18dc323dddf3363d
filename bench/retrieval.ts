/**
 * pnpm bench:retrieval — retrieval quality and speed on the embedded defaults (PGlite on disk,
 * built-in encoder). Not a test: it never gates CI.
 *
 * 1. SciFact (5 183 abstracts, one document each) goes through the real pipeline (upload → run →
 *    parse, chunk, index, embed); the 809 train claims are asked through `retrieve` keyword-only
 *    (w = 0), vector-only (w = 1) and hybrid (w = 0.3, the default): nDCG@10 and recall@100 over
 *    documents (a document ranks where its best chunk ranks), p50/p95 latency and queries/s.
 *    A fusion study then scores alternative normalisations on the same two legs (why fusion.ts
 *    does what it does).
 * 2. Synthetic indexes of 100 000 (and, on request, 1 000 000) chunks written straight into the
 *    chunk index from SciFact's tokenized abstracts: keyword latency on the same claims.
 *
 * Environment:
 *   BENCH_DATA_DIR            keep the PGlite data here and reuse an ingested SciFact on the next run
 *   BENCH_SCIFACT_LIMIT       first N abstracts only (quick runs)
 *   BENCH_QUERIES             first N claims only
 *   BENCH_SYNTH_SIZES         comma-separated chunk counts (default 100000; e.g. 100000,1000000; 0 = skip)
 *   BENCH_SYNTH_TERMS         keep at most this many terms per synthetic chunk (default: all)
 *   BENCH_SKIP_SCIFACT=1      synthetic part only
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import {
  type Actor,
  authenticate,
  createDeps,
  createKnowledgeBase,
  type Deps,
  fuse,
  keywordTermsOf,
  listKnowledgeBases,
  loadConfig,
  login,
  register,
  retrieveWithTrace,
  runDocuments,
  silentLogger,
  startIngestionWorkers,
  uploadDocuments,
} from "@ragtime/core";
import {
  type IndexChunkInput,
  keywordSearch,
  memoryIndexStats,
  replaceDocumentsChunks,
  setChunkEmbeddings,
  vectorSearch,
} from "@ragtime/db";
import { and, count, eq, inArray, isNull } from "drizzle-orm";

const SHARED = fileURLToPath(new URL("../../shared/data/scifact/", import.meta.url));
const env = process.env;
const LIMIT = Number(env.BENCH_SCIFACT_LIMIT ?? 0) || Number.POSITIVE_INFINITY;
const QUERY_LIMIT = Number(env.BENCH_QUERIES ?? 0) || Number.POSITIVE_INFINITY;
const SYNTH_SIZES = (env.BENCH_SYNTH_SIZES ?? "100000")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const SYNTH_TERMS = Number(env.BENCH_SYNTH_TERMS ?? 0) || Number.POSITIVE_INFINITY;
const line = (text: string) => process.stdout.write(`${text}\n`);
const ms = (x: number) => `${x.toFixed(1)} ms`;

type Doc = { id: string; title: string; text: string };
type Query = { id: string; text: string };

async function loadScifact() {
  const corpus = (await readFile(path.join(SHARED, "corpus.jsonl"), "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const raw = JSON.parse(l) as { _id?: string; id?: string; title: string; text: string };
      return { id: String(raw._id ?? raw.id), title: raw.title, text: raw.text } satisfies Doc;
    })
    .slice(0, LIMIT);
  const inCorpus = new Set(corpus.map((d) => d.id));
  const qrels = new Map<string, Map<string, number>>();
  for (const row of (await readFile(path.join(SHARED, "qrels-train.tsv"), "utf8")).split("\n").slice(1)) {
    const [q, c, s] = row.split("\t");
    if (!q || !c || !inCorpus.has(c)) continue;
    let rel = qrels.get(q);
    if (!rel) {
      rel = new Map();
      qrels.set(q, rel);
    }
    rel.set(c, Number(s ?? 1));
  }
  const queries = (await readFile(path.join(SHARED, "queries-train.jsonl"), "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const raw = JSON.parse(l) as { _id?: string; id?: string; text: string };
      return { id: String(raw._id ?? raw.id), text: raw.text } satisfies Query;
    })
    .filter((q) => qrels.has(q.id))
    .slice(0, QUERY_LIMIT);
  return { corpus, qrels, queries };
}

function ndcgAt10(ranked: readonly string[], rel: Map<string, number>): number {
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, r) => {
    dcg += (rel.get(id) ?? 0) / Math.log2(r + 2);
  });
  let idcg = 0;
  [...rel.values()]
    .sort((a, b) => b - a)
    .slice(0, 10)
    .forEach((g, r) => {
      idcg += g / Math.log2(r + 2);
    });
  return idcg > 0 ? dcg / idcg : 0;
}

function recallAt100(ranked: readonly string[], rel: Map<string, number>): number {
  const top = new Set(ranked.slice(0, 100));
  return [...rel.keys()].filter((id) => top.has(id)).length / rel.size;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/** Ranked distinct document ids from chunk ids (a document ranks where its best chunk does). */
function rankDocs(chunkIds: readonly string[], docOf: Map<string, string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of chunkIds) {
    const doc = docOf.get(id);
    if (doc && !seen.has(doc)) {
      seen.add(doc);
      out.push(doc);
    }
  }
  return out;
}

async function signedIn(deps: Deps): Promise<Actor> {
  const credentials = { email: "bench@example.com", password: "bench-password", ip: "127.0.0.1" };
  const session = await register(deps, credentials).catch(() => login(deps, credentials));
  const auth = await authenticate(deps, { token: session.token });
  if (!auth) throw new Error("no session");
  return auth.actor;
}

async function ingestScifact(deps: Deps, actor: Actor, corpus: Doc[]): Promise<string> {
  const existing = (
    await listKnowledgeBases(deps, { actor, orderBy: "createdAt", order: "desc", page: 1, pageSize: 100 })
  ).items.find((kb) => kb.name === "SciFact");
  if (existing && existing.docCount >= corpus.length) {
    line(
      `SciFact: reusing the ingested knowledge base (${existing.docCount} documents, ${existing.chunkCount} chunks)`,
    );
    return existing.id;
  }
  const kb = existing ?? (await createKnowledgeBase(deps, { actor, name: "SciFact" }));
  const started = performance.now();
  const ids: string[] = [];
  // 100 files per upload: the server's UPLOAD_MAX_FILES.
  for (let i = 0; i < corpus.length; i += 100) {
    const files = (async function* () {
      for (const doc of corpus.slice(i, i + 100)) {
        yield { filename: `${doc.id}.txt`, stream: Readable.from([`${doc.title}\n\n${doc.text}`]) };
      }
    })();
    const out = await uploadDocuments(deps, { actor, kbId: kb.id, files });
    ids.push(...out.documents.map((d) => d.id));
  }
  for (let i = 0; i < ids.length; i += 200) await runDocuments(deps, { actor, ids: ids.slice(i, i + 200) });
  let last = 0;
  const docsTable = deps.database.t.documents;
  const c = deps.database.t.chunks;
  for (;;) {
    // Two aggregate queries per poll: polling every document would compete with the workers.
    const [doneRow] = await deps.database.db
      .select({ n: count() })
      .from(docsTable)
      .where(and(eq(docsTable.kbId, kb.id), inArray(docsTable.run, ["DONE", "FAIL"])));
    const done = Number(doneRow?.n ?? 0);
    const [row] = await deps.database.db
      .select({ n: count() })
      .from(c)
      .where(and(eq(c.kbId, kb.id), isNull(c.vectorDim)));
    const unembedded = Number(row?.n ?? 0);
    const now = performance.now();
    if (now - last > 15_000) {
      line(
        `  ingesting: ${done}/${ids.length} documents done, ${unembedded} chunks without a vector (${((now - started) / 1000).toFixed(0)} s)`,
      );
      last = now;
    }
    if (done === ids.length) break;
    await new Promise((r) => setTimeout(r, 3000));
  }
  line(
    `SciFact: searchable by keyword ${((performance.now() - started) / 1000).toFixed(0)} s after the upload began`,
  );
  return kb.id;
}

type Mode = { label: string; weight: number };
const MODES: Mode[] = [
  { label: "keyword only (w = 0)", weight: 0 },
  { label: "vector only (w = 1)", weight: 1 },
  { label: "hybrid (w = 0.3, default)", weight: 0.3 },
];

async function scifactPart(deps: Deps, actor: Actor, stopWorkers: () => Promise<void>) {
  const { corpus, qrels, queries } = await loadScifact();
  const kbId = await ingestScifact(deps, actor, corpus);
  // Every document is searchable: the workers would only compete with the queries (and the bench's
  // own embedding) from here on.
  await stopWorkers();
  const c = deps.database.t.chunks;
  const rows = await deps.database.db
    .select({ id: c.id, docName: c.docName })
    .from(c)
    .where(eq(c.kbId, kbId));
  const docOf = new Map(rows.map((r) => [r.id, r.docName.replace(/\.txt$/, "")]));
  line(
    `SciFact: ${corpus.length} abstracts → ${rows.length} chunks; ${queries.length} train claims with judgements`,
  );

  // Warm-up: loads the in-memory keyword index and the vector cache, starts the encoder.
  const warm = performance.now();
  await retrieveWithTrace(deps, {
    actor,
    kbIds: [kbId],
    question: "warm up the caches",
    similarityThreshold: 0,
  });
  line(`first query (loads the keyword index, starts the encoder): ${ms(performance.now() - warm)}`);
  line(`memory index: ${JSON.stringify(memoryIndexStats(deps.database))}`);

  const evaluate = async (modes: Mode[]) => {
    for (const mode of modes) {
      let ndcg = 0;
      let recall = 0;
      const latencies: number[] = [];
      for (const q of queries) {
        const t0 = performance.now();
        const chunkIds: string[] = [];
        let ranked: string[] = [];
        for (let page = 1; page <= 3 && ranked.length < 100; page++) {
          const { result } = await retrieveWithTrace(deps, {
            actor,
            kbIds: [kbId],
            question: q.text,
            vectorSimilarityWeight: mode.weight,
            similarityThreshold: 0,
            page,
            pageSize: 100,
          });
          chunkIds.push(...result.chunks.map((x) => x.id));
          ranked = rankDocs(chunkIds, docOf);
          if (page === 1) latencies.push(performance.now() - t0);
          if (result.chunks.length < 100) break;
        }
        const rel = qrels.get(q.id) ?? new Map();
        ndcg += ndcgAt10(ranked, rel);
        recall += recallAt100(ranked, rel);
      }
      line(
        `| ${mode.label} | ${(ndcg / queries.length).toFixed(4)} | ${(recall / queries.length).toFixed(4)} | ${ms(percentile(latencies, 50))} | ${ms(percentile(latencies, 95))} | ${(latencies.length / (latencies.reduce((a, b) => a + b, 0) / 1000)).toFixed(1)} |`,
      );
    }
  };
  line("");
  line("| mode | nDCG@10 | recall@100 | p50 | p95 | queries/s |");
  line("|---|---|---|---|---|---|");
  await evaluate(MODES.filter((m) => m.weight === 0));
  await embedMissing(deps, kbId);
  await evaluate(MODES.filter((m) => m.weight > 0));

  await fusionStudy(deps, kbId, queries, qrels, docOf);
}

/**
 * Vectors for every chunk still without one, with the built-in encoder in this process (the
 * ingestion workers embed in the background, one text at a time while they parse; on a shared CPU
 * that trails keyword indexing by a long way, so the bench finishes the job in large batches).
 */
async function embedMissing(deps: Deps, kbId: string) {
  const embedder = deps.embedder?.("universal-sentence-encoder-lite@builtin");
  if (!embedder) throw new Error("no built-in embedder");
  const c = deps.database.t.chunks;
  const started = performance.now();
  let done = 0;
  for (;;) {
    const rows = await deps.database.db
      .select({ id: c.id, content: c.content })
      .from(c)
      .where(and(eq(c.kbId, kbId), isNull(c.vectorDim)))
      .limit(256);
    if (rows.length === 0) break;
    const vectors = await embedder.embed(rows.map((r) => r.content));
    await setChunkEmbeddings(deps.database, {
      embeddings: rows.flatMap((r, i) => {
        const embedding = vectors[i];
        return embedding ? [{ chunkId: r.id, embedding }] : [];
      }),
    });
    done += rows.length;
    if (done % 1024 === 0)
      line(`  embedding: ${done} chunks (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  line(
    `vectors: ${done} chunks embedded by the bench in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

/**
 * The same two legs (BM25 top 1024, cosine top 1024) fused in several ways: what the shipped fusion
 * is compared against.
 */
async function fusionStudy(
  deps: Deps,
  kbId: string,
  queries: Query[],
  qrels: Map<string, Map<string, number>>,
  docOf: Map<string, string>,
) {
  const embedder = deps.embedder?.("universal-sentence-encoder-lite@builtin");
  if (!embedder) return;
  const tokenize = (text: string) => keywordTermsOf(text, "en");
  const legs: {
    q: Query;
    kw: { chunkId: string; score: number }[];
    vec: { chunkId: string; score: number }[];
  }[] = [];
  for (const q of queries) {
    // Each distinct term once, as retrieve() asks.
    const terms = [...new Set(tokenize(q.text))];
    const kw = await keywordSearch(deps.database, {
      kbIds: [kbId],
      terms: terms.map((term) => ({ term })),
      limit: 1024,
      k1: 0.9,
      b: 0.4,
    });
    const [vector] = await embedder.embed([q.text]);
    const vec = vector ? await vectorSearch(deps.database, { kbIds: [kbId], vector, topK: 1024 }) : [];
    legs.push({
      q,
      kw: kw.map((h) => ({ chunkId: h.chunkId, score: h.score })),
      vec: vec.map((h) => ({ chunkId: h.chunkId, score: h.similarity })),
    });
  }
  type Fusion = (
    kw: { chunkId: string; score: number }[],
    vec: { chunkId: string; score: number }[],
    w: number,
  ) => string[];
  const minmax = (xs: { chunkId: string; score: number }[]) => {
    const max = Math.max(...xs.map((x) => x.score));
    const min = Math.min(...xs.map((x) => x.score));
    return new Map(xs.map((x) => [x.chunkId, max > min ? (x.score - min) / (max - min) : 1]));
  };
  const linear =
    (
      kwNorm: (xs: { chunkId: string; score: number }[]) => Map<string, number>,
      vecNorm: typeof kwNorm,
    ): Fusion =>
    (kw, vec, w) => {
      const k = kwNorm(kw);
      const v = vecNorm(vec);
      const ids = new Set([...k.keys(), ...v.keys()]);
      return [...ids]
        .map((id) => ({ id, s: (1 - w) * (k.get(id) ?? 0) + w * (v.get(id) ?? 0) }))
        .sort((a, b) => b.s - a.s)
        .map((x) => x.id);
    };
  const byMax = (xs: { chunkId: string; score: number }[]) => {
    const max = Math.max(...xs.map((x) => x.score), 1e-9);
    return new Map(xs.map((x) => [x.chunkId, x.score / max]));
  };
  const raw = (xs: { chunkId: string; score: number }[]) =>
    new Map(xs.map((x) => [x.chunkId, Math.max(0, x.score)]));
  const half = (xs: { chunkId: string; score: number }[]) =>
    new Map(xs.map((x) => [x.chunkId, (1 + x.score) / 2]));
  const rrf: Fusion = (kw, vec, w) => {
    const s = new Map<string, number>();
    kw.forEach((x, r) => {
      s.set(x.chunkId, (s.get(x.chunkId) ?? 0) + (1 - w) / (60 + r));
    });
    vec.forEach((x, r) => {
      s.set(x.chunkId, (s.get(x.chunkId) ?? 0) + w / (60 + r));
    });
    return [...s].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  };
  const plain: Fusion = (kw, vec, w) =>
    fuse({
      keyword: kw,
      vector: vec,
      keywordRan: true,
      vectorRan: vec.length > 0,
      keywordTruncated: kw.length >= 1024,
      vectorTruncated: vec.length >= 1024,
      weight: w,
      agreement: false,
    }).map((h) => h.chunkId);
  const shipped: Fusion = (kw, vec, w) =>
    fuse({
      keyword: kw,
      vector: vec,
      keywordRan: true,
      vectorRan: vec.length > 0,
      keywordTruncated: kw.length >= 1024,
      vectorTruncated: vec.length >= 1024,
      weight: w,
    }).map((h) => h.chunkId);
  const spread = (_kw: { chunkId: string; score: number }[], vec: { chunkId: string; score: number }[]) =>
    Math.min(1, Math.max(0, ((vec[0]?.score ?? 0) - (vec[19]?.score ?? 0)) / 0.15));
  const agreement = (kw: { chunkId: string; score: number }[], vec: { chunkId: string; score: number }[]) => {
    const top = new Set(kw.slice(0, 20).map((x) => x.chunkId));
    return vec.slice(0, 20).filter((x) => top.has(x.chunkId)).length / 20;
  };
  const variants: [string, Fusion][] = [
    ["shipped (fusion.ts): BM25/max, raw cosine, floors, w × leg agreement", shipped],
    ["same without the agreement (plain linear)", plain],
    ["BM25/max + raw cosine, missing = 0", linear(byMax, raw)],
    ["min-max both legs", linear(minmax, minmax)],
    ["BM25/max + (1 + cos)/2", linear(byMax, half)],
    ["reciprocal rank fusion (k = 60, weighted)", rrf],
    [
      "plain × vector spread confidence (top1 − top20 cosine) / 0.15",
      (kw, vec, w) => plain(kw, vec, w * spread(kw, vec)),
    ],
    ["plain × (shared top-20 / 20)", (kw, vec, w) => plain(kw, vec, w * agreement(kw, vec))],
  ];
  line("");
  line("Fusion study (same legs; nDCG@10):");
  line(`| fusion | ${[0.1, 0.3, 0.5].map((w) => `w = ${w}`).join(" | ")} |`);
  line("|---|---|---|---|");
  {
    let total = 0;
    for (const leg of legs)
      total += ndcgAt10(
        rankDocs(
          leg.kw.map((x) => x.chunkId),
          docOf,
        ),
        qrels.get(leg.q.id) ?? new Map(),
      );
    line(`| (keyword leg alone, for reference) | ${(total / legs.length).toFixed(4)} | | |`);
  }
  for (const [name, f] of variants) {
    const cells = [0.1, 0.3, 0.5].map((w) => {
      let total = 0;
      for (const leg of legs)
        total += ndcgAt10(rankDocs(f(leg.kw, leg.vec, w), docOf), qrels.get(leg.q.id) ?? new Map());
      return (total / legs.length).toFixed(4);
    });
    line(`| ${name} | ${cells.join(" | ")} |`);
  }
}

async function syntheticPart(deps: Deps, actor: Actor, size: number) {
  const { corpus, queries } = await loadScifact();
  const tokenize = (text: string) => keywordTermsOf(text, "en");
  const tokenized = corpus.map((d) => tokenize(`${d.title}\n\n${d.text}`).slice(0, SYNTH_TERMS));
  const kb = await createKnowledgeBase(deps, { actor, name: `Synthetic ${size} ${Date.now()}` });
  const perDoc = 20;
  const docCount = Math.ceil(size / perDoc);
  const started = performance.now();
  const userId = actor.userId;
  let seed = 12345;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let written = 0;
  // Bench-only shortcut (the synthetic part measures queries, not indexing): postings go in without
  // their B-tree indexes and foreign-key triggers, which are rebuilt once at the end — an index
  // built over sorted data costs a fraction of 9 M single inserts into PGlite's B-trees.
  const { sql } = await import("drizzle-orm");
  const fastLoad = deps.database.dialect !== "mysql" && env.BENCH_SYNTH_FAST_LOAD !== "0";
  if (fastLoad) {
    await deps.database.db.execute(sql`ALTER TABLE chunk_postings DROP CONSTRAINT chunk_postings_pk`);
    await deps.database.db.execute(sql`DROP INDEX chunk_postings_chunk_idx`);
    await deps.database.db.execute(sql`ALTER TABLE chunk_postings DISABLE TRIGGER ALL`);
  }
  for (let d0 = 0; d0 < docCount; d0 += 250) {
    const docs: { kbId: string; docId: string; chunks: IndexChunkInput[] }[] = [];
    const rows = [];
    for (let d = d0; d < Math.min(docCount, d0 + 250); d++) {
      const docId = `${size.toString(16).padStart(8, "0")}${d.toString(16).padStart(24, "0")}`;
      rows.push({
        id: docId,
        kbId: kb.id,
        name: `synthetic-${d}.txt`,
        suffix: "txt",
        type: "text" as const,
        size: 1,
        storageKey: docId,
        contentHash: docId,
        chunkMethod: "naive" as const,
        parserConfig: {},
        metadata: {},
        run: "DONE" as const,
        createdBy: userId,
      });
      const chunks: IndexChunkInput[] = [];
      for (let c = 0; c < perDoc && d * perDoc + c < size; c++) {
        // A SciFact abstract with a fifth of its words dropped at random: realistic term statistics,
        // no two chunks alike.
        const source = tokenized[(d * perDoc + c) % tokenized.length] ?? [];
        const terms = source.filter(() => rnd() > 0.2);
        const fields: Record<string, number> = {};
        for (const t of terms) fields[t] = (fields[t] ?? 0) + 1;
        const id = `${size.toString(16).padStart(8, "0")}${d.toString(16).padStart(16, "0")}${c.toString(16).padStart(8, "0")}`;
        chunks.push({
          id,
          content: terms.join(" "),
          docName: `synthetic-${d}.txt`,
          tokenCount: terms.length,
          length: terms.length,
          fields: { content: fields },
        });
      }
      docs.push({ kbId: kb.id, docId, chunks });
      written += chunks.length;
    }
    await deps.database.db.insert(deps.database.t.documents).values(rows);
    await replaceDocumentsChunks(deps.database, { documents: docs });
    if (d0 % 2500 === 0)
      line(
        `  synthetic ${size}: ${written} chunks written (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  if (fastLoad) {
    const t = performance.now();
    await deps.database.db.execute(sql`ALTER TABLE chunk_postings ENABLE TRIGGER ALL`);
    await deps.database.db.execute(
      sql`ALTER TABLE chunk_postings ADD CONSTRAINT chunk_postings_pk PRIMARY KEY (kb_id, term, chunk_id)`,
    );
    await deps.database.db.execute(sql`CREATE INDEX chunk_postings_chunk_idx ON chunk_postings (chunk_id)`);
    line(`  rebuilt the postings indexes in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  line(
    `synthetic ${size}: ${written} chunks indexed in ${((performance.now() - started) / 1000).toFixed(0)} s${fastLoad ? " (bulk load: postings indexes rebuilt at the end)" : ""}`,
  );

  const t0 = performance.now();
  await retrieveWithTrace(deps, { actor, kbIds: [kb.id], question: "warm", vectorSimilarityWeight: 0 });
  line(
    `  first query (SQL, while the in-memory index loads in the background): ${ms(performance.now() - t0)}`,
  );
  // `engine: "memory"` waits for that load.
  await keywordSearch(deps.database, {
    kbIds: [kb.id],
    terms: [{ term: "warm" }],
    limit: 1,
    engine: "memory",
  });
  line(
    `  in-memory index loaded ${ms(performance.now() - t0)} after the first query; ${JSON.stringify(memoryIndexStats(deps.database).find((s) => s.kbId === kb.id))}`,
  );
  const rss = process.memoryUsage().rss;
  const measure = async (label: string, fn: (q: Query) => Promise<unknown>) => {
    const latencies: number[] = [];
    for (const q of queries) {
      const s = performance.now();
      await fn(q);
      latencies.push(performance.now() - s);
    }
    const total = latencies.reduce((a, b) => a + b, 0) / 1000;
    line(
      `| ${size} | ${label} | ${ms(percentile(latencies, 50))} | ${ms(percentile(latencies, 95))} | ${(latencies.length / total).toFixed(1)} |`,
    );
  };
  line("| chunks | path | p50 | p95 | queries/s |");
  line("|---|---|---|---|---|");
  await measure("retrieve(), keyword only, page of 30", (q) =>
    retrieveWithTrace(deps, {
      actor,
      kbIds: [kb.id],
      question: q.text,
      vectorSimilarityWeight: 0,
      similarityThreshold: 0,
    }),
  );
  await measure("keyword leg alone (memory index, top 1024)", (q) =>
    keywordSearch(deps.database, {
      kbIds: [kb.id],
      terms: tokenize(q.text).map((term) => ({ term })),
      limit: 1024,
      k1: 0.9,
      b: 0.4,
    }),
  );
  const sample = queries.slice(0, 50);
  const latencies: number[] = [];
  for (const q of sample) {
    const s = performance.now();
    await keywordSearch(deps.database, {
      kbIds: [kb.id],
      terms: tokenize(q.text).map((term) => ({ term })),
      limit: 1024,
      k1: 0.9,
      b: 0.4,
      engine: "sql",
    });
    latencies.push(performance.now() - s);
  }
  line(
    `| ${size} | keyword leg through SQL (first ${sample.length} claims, for comparison) | ${ms(percentile(latencies, 50))} | ${ms(percentile(latencies, 95))} | ${(latencies.length / (latencies.reduce((a, b) => a + b, 0) / 1000)).toFixed(1)} |`,
  );
  line(`  RSS after loading: ${Math.round(rss / 1024 / 1024)} MiB`);
}

async function main() {
  const keep = env.BENCH_DATA_DIR;
  const dataDir = keep ?? (await mkdtemp(path.join(tmpdir(), "ragtime-bench-retrieval-")));
  if (keep && !existsSync(keep)) await mkdir(keep, { recursive: true });
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", AUTH_RATE_LIMIT_PER_IP: "100000" });
  const deps = await createDeps(config, { logger: silentLogger });
  const workers = await startIngestionWorkers(deps);
  const load = () => (process.platform === "linux" ? require_loadavg() : "");
  line(
    `bench:retrieval — embedded defaults (PGlite at ${dataDir}), Node ${process.version}, load average ${load()}`,
  );
  try {
    const actor = await signedIn(deps);
    if (env.BENCH_SKIP_SCIFACT !== "1") await scifactPart(deps, actor, () => workers.close(1000));
    await workers.close(1000);
    for (const size of SYNTH_SIZES) {
      line("");
      await syntheticPart(deps, actor, size);
    }
    line(`load average at the end: ${load()}`);
  } finally {
    await workers.close(1000).catch(() => {});
    await deps.close();
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  }
}

function require_loadavg(): string {
  return (
    (globalThis.process.getBuiltinModule?.("node:os") as typeof import("node:os") | undefined)
      ?.loadavg()
      .map((x) => x.toFixed(1))
      .join(" ") ?? ""
  );
}

await main().catch((error: unknown) => {
  // Driver errors carry every parameter of a bulk insert: print the cause, not the statement.
  const e = error as Error & { cause?: Error };
  process.stderr.write(`bench failed: ${e.cause?.message ?? e.message.slice(0, 500)}\n`);
  process.exit(1);
});
