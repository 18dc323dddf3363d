import { availableParallelism } from "node:os";
import type { Deps } from "../deps";
import { createDocumentWriter } from "./document-writer";
import { createEmbeddingService } from "./embed-service";
import { createParsePool } from "./parse-pool";
import { createTaskContextLoader } from "./task-contexts";

/**
 * What the ingestion workers of one process share (SPEC §3, ARCHITECTURE "workers"):
 *
 * - a **parse gate**: at most `parseSlots` tasks parse, chunk and tokenize at once — the CPU-bound
 *   part, done in the **parse pool**'s worker threads (`parseThreads`, default one core less than
 *   the machine has, at most `parseSlots`), so the main thread, where PGlite runs, only writes. The
 *   queue hands this process more tasks than that (`parseSlots + batchDocuments`), so that small
 *   documents can wait for their batch write while others are being parsed;
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
  const waiting: (() => void)[] = [];
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
    /** Runs `fn` in a parse slot (waiting for one first); `signal` gives up the wait. */
    async parse<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
      if (parsing >= options.parseSlots) {
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => {
            const index = waiting.indexOf(go);
            if (index >= 0) waiting.splice(index, 1);
            reject(signal.reason ?? new Error("aborted"));
          };
          const go = () => {
            signal.removeEventListener("abort", onAbort);
            resolve();
          };
          waiting.push(go);
          signal.addEventListener("abort", onAbort, { once: true });
        });
      } else {
        parsing++;
      }
      try {
        signal.throwIfAborted();
        return await fn();
      } finally {
        const next = waiting.shift();
        // The slot passes straight to the next waiter; otherwise it is free.
        if (next) next();
        else parsing--;
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
