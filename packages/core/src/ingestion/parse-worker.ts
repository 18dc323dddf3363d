// Worker thread of the parse pool (parse-pool.ts): bytes in, the chunk index's inputs out — parse,
// chunk, token counts and BM25 terms, the CPU-bound part of ingestion, off the main thread, which
// keeps the database (PGlite runs in it) and the HTTP server.
//
// Started from sources under tsx (the parent's loader, or `--import tsx` added by the pool).

import { parentPort, workerData } from "node:worker_threads";
import { type ChunkMethod, chunkDocument, isParseError, parseDocument } from "@ragtime/rag";
import { indexInputsFor } from "./index-input";
import type { FromParseWorker, ToParseWorker } from "./parse-protocol";

const port = parentPort;
if (port === null) throw new Error("parse-worker.ts must run in a worker thread");
void workerData;

const running = new Map<number, AbortController>();
let queue: Promise<void> = Promise.resolve();

port.on("message", (message: ToParseWorker) => {
  if (message.type === "cancel") {
    running.get(message.id)?.abort(new Error("cancelled"));
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  // One job at a time, in arrival order: the next ones wait as bytes, not as half-parsed documents
  // (several pdf.js parses interleaved at their awaits would hold all their pages at once).
  queue = queue.then(() => handle(message, controller.signal)).finally(() => running.delete(message.id));
});

async function handle(job: Extract<ToParseWorker, { type: "parse" }>, signal: AbortSignal) {
  try {
    const parsed = await parseDocument(job.bytes, {
      filename: job.doc.name,
      signal,
      ...(job.pages ? { pages: job.pages } : {}),
    });
    const chunks = chunkDocument(parsed, job.chunkMethod as ChunkMethod, job.parserConfig as never);
    const toInput = indexInputsFor(job.doc, job.language);
    const seen = new Set<string>();
    const inputs = [];
    for (const [index, chunk] of chunks.entries()) {
      const input = toInput({
        content: chunk.content,
        tokenCount: chunk.tokens,
        positions: chunk.positions,
        pageNumbers: chunk.pageNumbers,
        ordinal: Math.max(0, job.fromPage) * 100_000 + index,
      });
      if (seen.has(input.id)) continue;
      seen.add(input.id);
      inputs.push(input);
    }
    const reply: FromParseWorker = {
      type: "done",
      id: job.id,
      pages: parsed.pages.length,
      chunkCount: chunks.length,
      inputs,
    };
    port?.postMessage(reply);
  } catch (error) {
    const reply: FromParseWorker = {
      type: "error",
      id: job.id,
      message: error instanceof Error ? error.message : String(error),
      ...(isParseError(error) ? { code: error.code, details: error.details } : {}),
    };
    port?.postMessage(reply);
  }
}
