import { mkdtemp } from "node:fs/promises";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { replaceDocumentsChunks } from "@ragtime/db";
import { chunkDocument, parseDocument, createBuiltinEmbedder } from "@ragtime/rag";
import { authenticate, createDeps, createKnowledgeBase, loadConfig, register, silentLogger, uploadDocuments } from "../src/index";
import { indexInputsFor } from "../src/ingestion/index-input";
const mib = (b: number) => `${Math.round(b / 1048576)} MiB`;
const mem = (label: string) => { const m = process.memoryUsage(); console.log(label, "rss", mib(m.rss), "heap", mib(m.heapUsed), "ext", mib(m.external), "ab", mib(m.arrayBuffers)); };
mem("start");
const N = Number(process.env.N ?? 5183);
const BATCH = Number(process.env.BATCH ?? 64);
const dataDir = await mkdtemp(path.join(tmpdir(), "h1-mem-"));
const deps = await createDeps(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" }), { logger: silentLogger });
mem("pglite open");
const s = await register(deps, { email: "a@example.com", password: "password-123", ip: "1" });
const { actor } = (await authenticate(deps, { token: s.token }))!;
const kb = await createKnowledgeBase(deps, { actor, name: "x" });
const corpus = (await readFile("/work/shared/data/scifact/corpus.jsonl", "utf8")).split("\n").filter(Boolean).slice(0, N).map((l) => JSON.parse(l));
const docs: { id: string; name: string; text: string }[] = [];
let t = performance.now();
for (let i = 0; i < corpus.length; i += 100) {
  const batch = corpus.slice(i, i + 100);
  const out = await uploadDocuments(deps, { actor, kbId: kb.id, files: (async function* () { for (const d of batch) yield { filename: `${d._id}.txt`, stream: Readable.from([`${d.title}\n\n${d.text}`]) }; })() });
  out.documents.forEach((d, j) => docs.push({ id: d.id, name: d.name, text: `${batch[j].title}\n\n${batch[j].text}` }));
}
console.log("upload s", ((performance.now() - t) / 1000).toFixed(1));
mem("uploaded");
t = performance.now();
const inputs = [];
for (const d of docs) {
  const parsed = await parseDocument(new TextEncoder().encode(d.text), { filename: d.name });
  const chunks = chunkDocument(parsed, "naive", {} as never);
  const f = indexInputsFor(d, "English");
  inputs.push({ kbId: kb.id, docId: d.id, chunks: chunks.map((c, i) => f({ content: c.content, tokenCount: c.tokens, ordinal: i })) });
}
console.log("parse+chunk+tok s", ((performance.now() - t) / 1000).toFixed(1));
mem("inputs");
t = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < inputs.length; i += BATCH) await replaceDocumentsChunks(deps.database, { documents: inputs.slice(i, i + BATCH) });
const cpu = process.cpuUsage(cpu0);
console.log(`write s (batch ${BATCH})`, ((performance.now() - t) / 1000).toFixed(1), "cpu", ((cpu.user + cpu.system) / 1e6).toFixed(1));
mem("indexed");
if (process.env.EMBED) {
  const e = createBuiltinEmbedder({ threads: Number(process.env.EMBED) });
  console.log("load ms", await e.warmup());
  mem("encoder loaded");
  t = performance.now();
  const texts = docs.slice(0, 200).map((d) => d.text);
  await e.embed(texts);
  console.log("200 embedded s", ((performance.now() - t) / 1000).toFixed(1));
  mem("encoder used");
  await e.close();
}
await deps.close();
