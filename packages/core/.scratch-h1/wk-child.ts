import { parentPort } from "node:worker_threads";
import { readFileSync } from "node:fs";
const { parseDocument, chunkDocument, createKeywordTokenizer } = await import("@ragtime/rag");
parentPort!.postMessage("ready");
parentPort!.once("message", async () => {
  const corpus = readFileSync("/work/shared/data/scifact/corpus.jsonl", "utf8").split("\n").filter(Boolean).slice(0, 2000).map((l) => JSON.parse(l));
  const tok = createKeywordTokenizer({ language: "en" });
  const t = performance.now();
  for (const d of corpus) {
    const p = await parseDocument(new TextEncoder().encode(`${d.title}\n\n${d.text}`), { filename: "a.txt" });
    for (const c of chunkDocument(p, "naive", {} as never)) tok(c.content);
  }
  console.log("worker ms/doc", ((performance.now() - t) / 2000).toFixed(2));
  parentPort!.postMessage("done");
});
