// Parse (and chunk) the five 10-Q filings and print pages/s. A benchmark, not a test: run it with
// `pnpm --filter @ragtime/rag bench` and read the figures; nothing here gates CI.
import { readFileSync } from "node:fs";
import { chunkDocument, parseDocument } from "../src/index";

const TICKERS = ["AAPL", "AMZN", "INTC", "MSFT", "NVDA"] as const;
// The repo's lint allows console only in the root bench/; plain stdout writes serve as well here.
const print = (line: string) => process.stdout.write(`${line}\n`);

const files = TICKERS.map((t) => ({
  name: `2022-Q3-${t}.pdf`,
  bytes: new Uint8Array(
    readFileSync(new URL(`../../../../shared/data/sec-10q/2022-Q3-${t}.pdf`, import.meta.url)),
  ),
}));

async function round(label: string): Promise<void> {
  let pages = 0;
  let chunks = 0;
  let parseMs = 0;
  let chunkMs = 0;
  for (const file of files) {
    const t0 = performance.now();
    const doc = await parseDocument(file.bytes, { filename: file.name });
    const t1 = performance.now();
    const n = chunkDocument(doc, "naive").length;
    const t2 = performance.now();
    pages += doc.pages.length;
    chunks += n;
    parseMs += t1 - t0;
    chunkMs += t2 - t1;
    print(
      `${label} ${file.name}: ${doc.pages.length} pages, parse ${(t1 - t0).toFixed(0)} ms, ${n} chunks in ${(t2 - t1).toFixed(0)} ms`,
    );
  }
  print(
    `${label} total: ${pages} pages parsed in ${(parseMs / 1000).toFixed(2)} s = ${((pages * 1000) / parseMs).toFixed(0)} pages/s; ` +
      `${chunks} chunks in ${(chunkMs / 1000).toFixed(2)} s; parse+chunk ${((pages * 1000) / (parseMs + chunkMs)).toFixed(0)} pages/s; ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  );
}

// The first round pays for loading pdf.js and building the tokenizer; the second is steady state.
await round("cold");
await round("warm");
