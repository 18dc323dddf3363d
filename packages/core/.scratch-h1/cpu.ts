import { readFile } from "node:fs/promises";
import { parseDocument, chunkDocument } from "@ragtime/rag";
import { indexInputsFor } from "../src/ingestion/index-input";
const corpus = (await readFile("/work/shared/data/scifact/corpus.jsonl", "utf8")).split("\n").filter(Boolean).slice(0, 2000).map((l) => JSON.parse(l));
let t = performance.now();
let parseMs = 0, chunkMs = 0, tokMs = 0, n = 0;
for (const doc of corpus) {
  const bytes = new TextEncoder().encode(`${doc.title}\n\n${doc.text}`);
  let a = performance.now();
  const parsed = await parseDocument(bytes, { filename: `${doc._id}.txt` });
  let b = performance.now(); parseMs += b - a;
  const chunks = chunkDocument(parsed, "naive", {} as never);
  let c = performance.now(); chunkMs += c - b;
  const toInput = indexInputsFor({ id: "x".repeat(32), name: `${doc._id}.txt` }, "English");
  for (const ch of chunks) toInput({ content: ch.content, tokenCount: ch.tokens });
  tokMs += performance.now() - c; n += chunks.length;
}
console.log({ docs: corpus.length, chunks: n, parseMsPerDoc: parseMs / corpus.length, chunkMsPerDoc: chunkMs / corpus.length, tokMsPerDoc: tokMs / corpus.length, total: performance.now() - t });
