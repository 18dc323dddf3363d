import {
  bumpKnowledgeBaseCounters,
  countChunks,
  type Database,
  type IndexChunkInput,
  replaceDocumentsChunks,
  updateDocument,
  updateTask,
} from "@ragtime/db";
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
  /** When the document's run was queued (its processing time counts from there). */
  processBeganAt: Date;
  signal: AbortSignal;
};

export type WrittenDocument = { docId: string; kbId: string; chunkCount: number; log: string };

type Pending = FinishedDocument & {
  skipped?: boolean;
  resolve(written: boolean): void;
  reject(error: unknown): void;
};

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
 * A batch is written when it is full, when every task of this process is waiting for it (no
 * more documents are coming soon), or `maxWaitMs` after its first document — whichever comes
 * first; one batch at a time. The documents' progress locks are held meanwhile (as a roll-up would), and a document
 * cancelled or re-queued since its task started is left alone. If the batch fails, each document
 * is written on its own, so one bad document fails only its own task.
 */
export function createDocumentWriter(
  deps: Deps,
  options: {
    maxDocuments: number;
    maxWaitMs: number;
    /** True while other tasks are still on their way here: worth waiting a little for them to join. */
    othersBusy: () => boolean;
    onWritten: (documents: WrittenDocument[]) => void;
  },
) {
  let pending: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let inWrite = 0;

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
    inWrite = batch.length;
    try {
      await flushBatch(batch);
    } finally {
      inWrite = 0;
    }
  };

  const flushBatch = async (batch: Pending[]) => {
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
    // A cancel or a re-run aborts the task's signal right after it changes the document: such a
    // document is left alone. (One that lands after this commit finds the run complete: its
    // chunks are that document's last completed run, as with a page-range run's publication.)
    const live = items.filter((item) => !item.signal.aborted);
    for (const item of items) if (item.signal.aborted) item.skipped = true;
    if (live.length === 0) return [];
    const byKb = new Map<string, Pending[]>();
    for (const item of live) byKb.set(item.kbId, [...(byKb.get(item.kbId) ?? []), item]);
    // The knowledge bases' counters move by what the index held for these documents before.
    const before = new Map<string, { chunkCount: number; tokenCount: number }>();
    for (const [kbId, group] of byKb)
      before.set(kbId, await countChunks(tx, { docIds: group.map((i) => i.docId) }));
    // Locks the documents' rows first thing: a cancel or a re-run now waits for this commit.
    const counts = await replaceDocumentsChunks(tx, {
      documents: live.map((item) => ({ kbId: item.kbId, docId: item.docId, chunks: item.chunks })),
    });
    const byDoc = new Map(counts.map((c) => [c.docId, c]));
    const out: WrittenDocument[] = [];
    for (const item of live) {
      const count = byDoc.get(item.docId) ?? { chunkCount: 0, tokenCount: 0 };
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
          processDurationMs: now.getTime() - item.processBeganAt.getTime(),
          chunkCount: count.chunkCount,
          tokenCount: count.tokenCount,
        },
      );
      out.push({ docId: item.docId, kbId: item.kbId, chunkCount: count.chunkCount, log: item.log });
    }
    for (const [kbId, group] of byKb) {
      const old = before.get(kbId) ?? { chunkCount: 0, tokenCount: 0 };
      let chunkCount = 0;
      let tokenCount = 0;
      for (const item of group) {
        chunkCount += byDoc.get(item.docId)?.chunkCount ?? 0;
        tokenCount += byDoc.get(item.docId)?.tokenCount ?? 0;
      }
      await bumpKnowledgeBaseCounters(tx, kbId, {
        chunkCount: chunkCount - old.chunkCount,
        tokenCount: tokenCount - old.tokenCount,
      });
    }
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
    /** Tasks waiting for a write, the one under way included. */
    get waiting() {
      return pending.length + inWrite;
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
