import {
  bumpKnowledgeBaseCounters,
  type Database,
  findDocumentRow,
  type IndexChunkInput,
  replaceDocumentsChunks,
  updateDocument,
  updateTask,
} from "@ragtime/db";
import type { DocumentRow } from "@ragtime/db/schema";
import type { Deps } from "../deps";
import { withDocumentLocks } from "./doc-locks";

/** A whole-document task that has parsed its document and waits for its chunks to be written. */
export type FinishedDocument = {
  taskId: string;
  docId: string;
  kbId: string;
  chunks: IndexChunkInput[];
  /** The task's log, its last line included; it becomes the document's log. */
  log: string;
  attempt: number;
  began: Date;
  signal: AbortSignal;
};

export type WrittenDocument = { docId: string; kbId: string; chunkCount: number; log: string };

type Pending = FinishedDocument & { resolve(written: boolean): void; reject(error: unknown): void };

const LIVE_RUNS = new Set<DocumentRow["run"]>(["QUEUED", "RUNNING"]);
const DEADLOCK_CODES = new Set(["40P01", "40001", "ER_LOCK_DEADLOCK", "ER_LOCK_WAIT_TIMEOUT"]);

function isDeadlock(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ("code" in e && typeof e.code === "string" && DEADLOCK_CODES.has(e.code)) return true;
  }
  return false;
}

/**
 * Writes finished small documents to the index many at a time: one transaction swaps the chunks
 * of up to `maxDocuments` documents (`replaceDocumentsChunks`), marks their tasks done and the
 * documents DONE with their counts, and moves the knowledge bases' counters — instead of a
 * staging write, a roll-up and a publishing transaction per document (≈ 25 ms each on PGlite).
 *
 * A batch is written when it is full, when nothing else is being parsed (no more documents are
 * coming soon), or `maxWaitMs` after its first document — whichever comes first; one batch at a
 * time. The documents' progress locks are held meanwhile (as a roll-up would), and a document
 * cancelled or re-queued since its task started is left alone. If the batch fails, each document
 * is written on its own, so one bad document fails only its own task.
 */
export function createDocumentWriter(
  deps: Deps,
  options: {
    maxDocuments: number;
    maxWaitMs: number;
    /** True while other tasks are still parsing: worth waiting a little for them to join. */
    othersBusy: () => boolean;
    onWritten: (documents: WrittenDocument[]) => void;
  },
) {
  let pending: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;

  const schedule = () => {
    if (writing || pending.length === 0) return;
    if (pending.length >= options.maxDocuments || !options.othersBusy()) {
      clearTimeout(timer);
      timer = undefined;
      writing = flush().finally(() => {
        writing = undefined;
        schedule();
      });
      return;
    }
    timer ??= setTimeout(() => {
      timer = undefined;
      if (pending.length > 0 && !writing) {
        writing = flush().finally(() => {
          writing = undefined;
          schedule();
        });
      }
    }, options.maxWaitMs);
  };

  const flush = async () => {
    const batch = pending.slice(0, options.maxDocuments);
    pending = pending.slice(batch.length);
    const live = batch.filter((item) => {
      if (!item.signal.aborted) return true;
      item.reject(item.signal.reason ?? new Error("aborted"));
      return false;
    });
    if (live.length === 0) return;
    try {
      const written = await write(live);
      for (const item of live) item.resolve(written.some((w) => w.docId === item.docId));
      if (written.length > 0) options.onWritten(written);
    } catch (error) {
      if (live.length === 1) {
        live[0]?.reject(error);
        return;
      }
      deps.logger.warn(
        { err: error, documents: live.length },
        "batch write failed; writing its documents one by one",
      );
      for (const item of live) {
        try {
          const written = await write([item]);
          item.resolve(written.length > 0);
          if (written.length > 0) options.onWritten(written);
        } catch (itemError) {
          item.reject(itemError);
        }
      }
    }
  };

  const write = async (items: Pending[]): Promise<WrittenDocument[]> => {
    // One item per document: a document queued twice in one batch keeps its latest task.
    const byDoc = new Map<string, Pending>();
    for (const item of items) byDoc.set(item.docId, item);
    const docIds = [...byDoc.keys()];
    return withDocumentLocks(deps, docIds, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await deps.database.transaction((tx) => writeLocked(tx, [...byDoc.values()]));
        } catch (error) {
          // Other processes' writers touch neighbouring index keys: MySQL may pick us as a deadlock victim.
          if (attempt >= 4 || !isDeadlock(error)) throw error;
          await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30));
        }
      }
    });
  };

  const writeLocked = async (tx: Database, items: Pending[]): Promise<WrittenDocument[]> => {
    const now = deps.now();
    const states = new Map<string, DocumentRow>();
    for (const item of items) {
      const row = await findDocumentRow(tx, item.docId);
      if (row && LIVE_RUNS.has(row.run) && row.kbId === item.kbId) states.set(item.docId, row);
    }
    const live = items.filter((item) => states.has(item.docId));
    if (live.length === 0) return [];
    // Locks the documents' rows first thing: a cancel or a re-run now waits for this commit.
    const counts = await replaceDocumentsChunks(tx, {
      documents: live.map((item) => ({ kbId: item.kbId, docId: item.docId, chunks: item.chunks })),
    });
    const byDoc = new Map(counts.map((c) => [c.docId, c]));
    const deltas = new Map<string, { chunkCount: number; tokenCount: number }>();
    const out: WrittenDocument[] = [];
    for (const item of live) {
      const state = states.get(item.docId);
      const count = byDoc.get(item.docId);
      if (!state || !count) continue;
      await updateTask(tx, item.taskId, {
        progress: 1,
        progressMsg: item.log,
        attempts: item.attempt,
        beginAt: item.began,
        chunkIds: item.chunks.map((c) => c.id),
        durationMs: now.getTime() - item.began.getTime(),
      });
      await updateDocument(
        tx,
        { kbId: item.kbId, id: item.docId },
        {
          run: "DONE",
          progress: 1,
          progressMsg: item.log,
          processDurationMs: state.processBeginAt ? now.getTime() - state.processBeginAt.getTime() : 0,
          chunkCount: count.chunkCount,
          tokenCount: count.tokenCount,
        },
      );
      const delta = deltas.get(item.kbId) ?? { chunkCount: 0, tokenCount: 0 };
      delta.chunkCount += count.chunkCount - state.chunkCount;
      delta.tokenCount += count.tokenCount - state.tokenCount;
      deltas.set(item.kbId, delta);
      out.push({ docId: item.docId, kbId: item.kbId, chunkCount: count.chunkCount, log: item.log });
    }
    for (const [kbId, delta] of deltas) await bumpKnowledgeBaseCounters(tx, kbId, delta);
    return out;
  };

  return {
    /** Resolves once the document is written (true) or left alone because it was cancelled or re-queued (false). */
    write(item: FinishedDocument): Promise<boolean> {
      return new Promise<boolean>((resolve, reject) => {
        pending.push({ ...item, resolve, reject });
        schedule();
      });
    },
    /** Something is waiting to be written. */
    get busy() {
      return pending.length > 0 || writing !== undefined;
    },
    /** Parsing just went idle: what waits can be written now. */
    nudge: schedule,
    async close() {
      clearTimeout(timer);
      timer = undefined;
      while (pending.length > 0 || writing) {
        if (!writing) writing = flush().finally(() => (writing = undefined));
        await writing;
      }
    },
  };
}
