import { availableParallelism } from "node:os";
import type { Deps } from "../deps";
import { createDocumentWriter } from "./document-writer";
import { createEmbeddingService } from "./embed-service";
import { createParsePool } from "./parse-pool";
import { createTaskContextLoader } from "./task-contexts";

/** Files held in memory by tasks in the parse gate at once (one larger file still goes alone). */
const PARSE_BYTES_IN_FLIGHT = 64 * 1024 * 1024;

/**
 * What the ingestion workers of one process share (SPEC §3, ARCHITECTURE "workers"):
 *
 * - a **parse gate**: how many tasks read, parse, chunk and tokenize at once — `parseSlots`
 *   (WORKER_CONCURRENCY) when `deps.parse` runs in this thread, four times that with the **parse
 *   pool** (`parseThreads` worker threads, default one core less than the machine has, at most
 *   `parseSlots`), so that each thread always has its next job queued; and never more than 64 MiB
 *   of files in memory. The main thread, where PGlite runs, then mostly writes. The queue hands this
 *   process more tasks than that (`parseSlots + batchDocuments`), so that small documents can
 *   wait for their batch write while others are being parsed;
 * - the **document writer**, which writes small finished documents many per transaction;
 * - the **embedding service**, which gives finished documents their vectors in the background,
 *   throttled to one encoder thread while keyword work (parsing, writing) is under way;
 * - a **task context loader** that reads queued small documents a page at a time.
 */
export function createIngestionPipeline(
  deps: Deps,
  options: { parseSlots: number; batchDocuments: number; parseThreads?: number | undefined },
) {
  let parsing = 0;
  let parsingBytes = 0;
  const waiting: { fits(): boolean; go(): void }[] = [];
  // With the parse pool, several jobs per thread are admitted so that each thread always has its
  // next one queued; in this thread (deps.parse), WORKER_CONCURRENCY at most, as before.
  const gateSlots = deps.parse ? options.parseSlots : options.parseSlots * 4;
  let inFlight = 0;

  const writer = createDocumentWriter(deps, {
    maxDocuments: options.batchDocuments,
    maxWaitMs: 1000,
    othersBusy: () => inFlight > writer.waiting,
    onWritten: (docs) => {
      for (const doc of docs) {
        void deps.progress
          .publish({
            kbId: doc.kbId,
            documentId: doc.docId,
            run: "DONE",
            progress: 1,
            progressMsg: doc.log,
            chunkCount: doc.chunkCount,
          })
          .catch((error: unknown) => deps.logger.debug({ err: error }, "progress event not published"));
      }
    },
  });
  const embeddings = createEmbeddingService(deps, {
    // Keyword work first: tasks in this process, or documents waiting for their write.
    busy: () => inFlight > 0 || writer.busy,
  });
  const contexts = createTaskContextLoader(deps);
  const pool = createParsePool({
    // No more threads than tasks parse at once, and one core left to the main thread (the database).
    threads: options.parseThreads ?? Math.max(1, Math.min(options.parseSlots, availableParallelism() - 1)),
  });

  return {
    deps,
    contexts,
    pool,
    writer,
    embeddings,
    /**
     * Runs `fn` in a parse slot (waiting for one first, in arrival order); `bytes` is the size of
     * the file it will hold in memory; `signal` gives up the wait.
     */
    async parse<T>(signal: AbortSignal, bytes: number, fn: () => Promise<T>): Promise<T> {
      const admit = () => {
        parsing++;
        parsingBytes += bytes;
      };
      const fits = () =>
        parsing === 0 || (parsing < gateSlots && parsingBytes + bytes <= PARSE_BYTES_IN_FLIGHT);
      if (waiting.length === 0 && fits()) admit();
      else {
        await new Promise<void>((resolve, reject) => {
          const entry = {
            fits,
            go: () => {
              signal.removeEventListener("abort", onAbort);
              admit();
              resolve();
            },
          };
          const onAbort = () => {
            const index = waiting.indexOf(entry);
            if (index >= 0) waiting.splice(index, 1);
            reject(signal.reason ?? new Error("aborted"));
          };
          waiting.push(entry);
          signal.addEventListener("abort", onAbort, { once: true });
        });
      }
      try {
        signal.throwIfAborted();
        return await fn();
      } finally {
        parsing--;
        parsingBytes -= bytes;
        // In arrival order: the first waiter goes when it fits, and the others wait behind it.
        while (waiting[0]?.fits()) waiting.shift()?.go();
      }
    },
    /** Counts a task of this process as under way while `fn` runs (keyword work: embedding yields). */
    async track<T>(fn: () => Promise<T>): Promise<T> {
      inFlight++;
      try {
        return await fn();
      } finally {
        inFlight--;
        // Perhaps every task left is now waiting for the writer: no reason to wait longer.
        writer.nudge();
      }
    },
    async close() {
      await writer.close();
      await embeddings.close();
      await pool.close();
    },
  };
}

export type IngestionPipeline = ReturnType<typeof createIngestionPipeline>;
