import { findDocumentRow, listDocumentTasks, TASK_FAILED, updateDocument } from "@ragtime/db";
import type { DocumentRow } from "@ragtime/db/schema";
import type { Deps } from "../deps";

/**
 * Derives a document's state from its tasks (SPEC §3): progress = mean of its tasks; any failed
 * task → FAIL with the reason; all done → DONE; otherwise RUNNING. One holder of the document's
 * progress lock at a time writes it, so two workers finishing together cannot interleave, and the
 * change is pushed to subscribers.
 */
export async function rollUpDocument(
  deps: Deps,
  docId: string,
  onDone?: (doc: DocumentRow) => Promise<void>,
): Promise<void> {
  await deps.locks.withLock(
    `progress:${docId}`,
    async () => {
      const doc = await findDocumentRow(deps.database, docId);
      if (!doc || doc.run === "CANCEL" || doc.run === "UNSTART") return;
      const tasks = await listDocumentTasks(deps.database, docId);
      if (tasks.length === 0) return;
      const failed = tasks.find((t) => t.progress === TASK_FAILED);
      const isDone = tasks.every((t) => t.progress >= 1);
      const progress = failed
        ? doc.progress
        : tasks.reduce((sum, t) => sum + Math.max(0, t.progress), 0) / tasks.length;
      const log = tasks
        .map((t) => t.progressMsg)
        .filter(Boolean)
        .join("\n");
      const now = deps.now();
      const run = failed ? "FAIL" : isDone ? "DONE" : "RUNNING";
      const chunkCount = tasks.reduce((sum, t) => sum + (t.chunkIds?.length ?? 0), 0);
      const patch = {
        run,
        progress: isDone ? 1 : progress,
        progressMsg: log.slice(-4000) || null,
        processDurationMs: doc.processBeginAt ? now.getTime() - doc.processBeginAt.getTime() : 0,
        ...(isDone ? { chunkCount } : {}),
      } as const;
      await updateDocument(deps.database, { kbId: doc.kbId, id: doc.id }, patch);
      const updated = { ...doc, ...patch };
      if (isDone && onDone) await onDone(updated);
      await deps.progress.publish({
        kbId: doc.kbId,
        documentId: doc.id,
        run: updated.run,
        progress: updated.progress,
        progressMsg: updated.progressMsg,
        chunkCount: updated.chunkCount,
      });
    },
    { ttlMs: 15_000, waitMs: 30_000 },
  );
}
