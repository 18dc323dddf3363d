// Scratch measurement (not part of the repo): SciFact into the chunk index, then query latencies.
// usage: npx tsx zz-measure.mts <pglite|pglite-disk|postgres|mysql> [exact] [novectors] [limit=N]
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  ensureChunkIndex,
  type IndexChunkInput,
  keywordSearch,
  replaceDocumentChunks,
  setChunkEmbeddings,
  vectorSearch,
} from "./src/chunk-index/index";
import { type DatabaseConnection, openDatabase } from "./src/client";
import { insertKnowledgeBase } from "./src/queries/knowledge-bases";
import { insertTenant } from "./src/queries/tenants";
import { insertUser } from "./src/queries/users";
import { testBackends } from "./src/testing";

const args = process.argv.slice(2);
const which = args[0] ?? "pglite";
const exact = args.includes("exact");
const withVectors = !args.includes("novectors");
const lateVectors = args.includes("late");
const limitArg = args.find((a) => a.startsWith("limit="));
const LIMIT = limitArg ? Number(limitArg.slice(6)) : 5183;
const out = (s: string) => process.stdout.write(`${s}\n`);
const hex = (s: string) => createHash("md5").update(s).digest("hex");
const tokenize = (t: string) => t.toLowerCase().split(/[^a-z]+/).filter(Boolean);
const counts = (tokens: string[]) => {
  const m = new Map<string, number>();
  for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
};
let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const vec = () => Array.from({ length: 512 }, () => rnd() * 2 - 1);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const stats = (label: string, xs: number[]) =>
  out(
    `${label}: n=${xs.length} mean=${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)}ms p50=${pct(xs, 50).toFixed(1)}ms p95=${pct(xs, 95).toFixed(1)}ms max=${Math.max(...xs).toFixed(1)}ms`,
  );

let d: DatabaseConnection;
let dir: string | undefined;
const tOpen = performance.now();
if (which === "pglite-disk") {
  dir = mkdtempSync(path.join(tmpdir(), "ci-measure-"));
  d = await openDatabase({ url: "", dataDir: dir });
  await d.migrate();
} else {
  const backend = testBackends().find((b) => b.dialect === which);
  if (!backend) throw new Error(`no backend ${which} (set TEST_POSTGRES_URL / TEST_MYSQL_URL)`);
  d = await backend.open();
}
const setup = await ensureChunkIndex(d, exact ? { prefer: "exact-scan" } : {});
out(`backend ${d.label}: vector mode ${setup.vectorMode}; open+migrate ${(performance.now() - tOpen).toFixed(0)}ms`);

const userId = hex("u");
const tenantId = hex("t");
const kbId = hex("kb");
await insertUser(d, { id: userId, email: "m@example.test", nickname: "m" });
await insertTenant(d, { id: tenantId, name: "w" });
await insertKnowledgeBase(d, {
  id: kbId,
  tenantId,
  name: "scifact",
  embeddingModel: "x",
  parserConfig: {},
  createdBy: userId,
});

type Doc = { id: string; title: string; text: string };
const corpus: Doc[] = readFileSync("/work/shared/data/scifact/corpus.jsonl", "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Doc)
  .slice(0, LIMIT);
const docIdOf = (corpusId: string) => hex(`doc${corpusId}`);
for (let i = 0; i < corpus.length; i += 500) {
  await d.db.insert(d.t.documents).values(
    corpus.slice(i, i + 500).map((doc) => ({
      id: docIdOf(doc.id),
      kbId,
      name: `${doc.id}.txt`,
      suffix: "txt",
      type: "text" as const,
      size: doc.text.length,
      storageKey: doc.id,
      contentHash: doc.id,
      chunkMethod: "naive" as const,
      parserConfig: {},
      metadata: {},
      createdBy: userId,
    })),
  );
}
const chunkToCorpus = new Map<string, string>();
let postings = 0;
let words = 0;
const inputs: { docId: string; chunk: IndexChunkInput }[] = corpus.map((doc) => {
  const docId = docIdOf(doc.id);
  const content = doc.text;
  const ct = tokenize(content);
  const tt = tokenize(doc.title);
  words += ct.length;
  const chunk: IndexChunkInput = {
    id: hex(docId + content),
    content,
    docName: doc.title.slice(0, 200),
    tokenCount: ct.length,
    length: ct.length + tt.length,
    fields: { content: counts(ct), title: counts(tt) },
    embedding: withVectors && !lateVectors ? vec() : null,
  };
  postings += new Set([...ct, ...tt]).size;
  chunkToCorpus.set(chunk.id, doc.id);
  return { docId, chunk };
});
out(`corpus: ${inputs.length} chunks, ${(words / inputs.length).toFixed(0)} words/chunk, ~${postings} postings`);

const tIns = performance.now();
for (const [i, { docId, chunk }] of inputs.entries()) {
  await replaceDocumentChunks(d, { kbId, docId, chunks: [chunk] });
  if (i === 999) out(`  first 1000 in ${(performance.now() - tIns).toFixed(0)}ms`);
}
const insMs = performance.now() - tIns;
out(
  `insert (replaceDocumentChunks per document${withVectors && !lateVectors ? ", with 512-d vectors" : ""}): ${(insMs / 1000).toFixed(1)}s = ${((inputs.length / insMs) * 1000).toFixed(0)} chunks/s`,
);
if (lateVectors) {
  const t = performance.now();
  for (let i = 0; i < inputs.length; i += 32) {
    await setChunkEmbeddings(d, {
      embeddings: inputs.slice(i, i + 32).map(({ chunk }) => ({ chunkId: chunk.id, embedding: vec() })),
    });
  }
  out(`setChunkEmbeddings (batches of 32): ${((performance.now() - t) / 1000).toFixed(1)}s`);
}

// Keyword queries: SciFact train claims, crude tokenizer, BM25 k1 0.9 b 0.4; nDCG@10 as a sanity check.
const queries = readFileSync("/work/shared/data/scifact/queries-train.jsonl", "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; text: string });
const qrels = new Map<string, Set<string>>();
for (const line of readFileSync("/work/shared/data/scifact/qrels-train.tsv", "utf8").split("\n").slice(1)) {
  const [q, c] = line.split("\t");
  if (!q || !c) continue;
  if (!qrels.has(q)) qrels.set(q, new Set());
  qrels.get(q)?.add(c);
}
const kwTimes: number[] = [];
let ndcg = 0;
let judged = 0;
for (const q of queries) {
  const terms = tokenize(q.text).map((term) => ({ term }));
  const t = performance.now();
  const hits = await keywordSearch(d, { kbIds: [kbId], terms, limit: 10, k1: 0.9, b: 0.4 });
  kwTimes.push(performance.now() - t);
  const rel = qrels.get(q.id);
  if (!rel) continue;
  judged++;
  let dcg = 0;
  hits.forEach((h, i) => {
    if (rel.has(chunkToCorpus.get(h.chunkId) ?? "")) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(10, rel.size); i++) ideal += 1 / Math.log2(i + 2);
  ndcg += dcg / ideal;
}
stats("keyword query (limit 10)", kwTimes.slice(5));
if (LIMIT >= 5183) out(`nDCG@10 (train, crude tokenizer, no stemming/stop words): ${(ndcg / judged).toFixed(3)}`);
const kw100: number[] = [];
for (const q of queries.slice(0, 100)) {
  const t = performance.now();
  await keywordSearch(d, { kbIds: [kbId], terms: tokenize(q.text).map((term) => ({ term })), limit: 100 });
  kw100.push(performance.now() - t);
}
stats("keyword query (limit 100)", kw100);

if (withVectors) {
  const vTimes: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    await vectorSearch(d, { kbIds: [kbId], vector: vec(), topK: 10 });
    vTimes.push(performance.now() - t);
  }
  stats("vector query (topK 10; first one loads the cache in exact-scan mode)", vTimes);
  stats("vector query (topK 10, warm)", vTimes.slice(1));
  const v1024: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await vectorSearch(d, { kbIds: [kbId], vector: vec(), topK: 1024 });
    v1024.push(performance.now() - t);
  }
  stats("vector query (topK 1024)", v1024);
}
out(`rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
await d.close();
if (dir) rmSync(dir, { recursive: true, force: true });
