import {
  bumpKnowledgeBaseCounters,
  discardDocumentRun,
  findDocumentRow,
  listDocumentTasks,
  publishDocumentRun,
  TASK_FAILED,
  updateDocument,
} from "@ragtime/db";
import type { Deps } from "../deps";
import { runIdOf } from "./run-id";

export type RollUpResult = { run: string; justFinished: boolean };

/**
 * Derives a document's state from its tasks (SPEC §3): progress = mean of its tasks; any failed
 * task → FAIL with the reason; all done → DONE. When the last task is done, the run's staged
 * chunks are published in one transaction (old chunks out, new in). One holder of the document's
 * progress lock at a time does this, so two workers finishing together cannot interleave; every
 * change is pushed to subscribers.
 */
export async function rollUpDocument(deps: Deps, docId: string): Promise<RollUpResult | undefined> {
  return deps.locks.withLock(
    `progress:${docId}`,
    async () => {
      const doc = await findDocumentRow(deps.database, docId);
      if (!doc || doc.run === "CANCEL" || doc.run === "UNSTART" || doc.run === "DONE" || doc.run === "FAIL")
        return undefined;
      const tasks = await listDocumentTasks(deps.database, docId);
      const [first] = tasks;
      if (!first) return undefined;
      const runId = runIdOf(first);
      const failed = tasks.some((t) => t.progress === TASK_FAILED);
      const isDone = !failed && tasks.every((t) => t.progress >= 1);
      const now = deps.now();
      const log = tasks
        .map((t) => t.progressMsg)
        .filter(Boolean)
        .join("\n");
      const patch: Parameters<typeof updateDocument>[2] = {
        run: failed ? "FAIL" : isDone ? "DONE" : "RUNNING",
        progress: isDone ? 1 : tasks.reduce((sum, t) => sum + Math.max(0, t.progress), 0) / tasks.length,
        progressMsg: log.slice(-4000) || null,
        processDurationMs: doc.processBeginAt ? now.getTime() - doc.processBeginAt.getTime() : 0,
      };
      if (failed) {
        await discardDocumentRun(deps.database, { docId, runId });
      } else if (isDone) {
        const counts = await publishDocumentRun(deps.database, { kbId: doc.kbId, docId, runId });
        patch.chunkCount = counts.chunkCount;
        patch.tokenCount = counts.tokenCount;
      }
      await deps.database.transaction(async (tx) => {
        await updateDocument(tx, { kbId: doc.kbId, id: doc.id }, patch);
        if (isDone) {
          await bumpKnowledgeBaseCounters(tx, doc.kbId, {
            chunkCount: (patch.chunkCount ?? 0) - doc.chunkCount,
            tokenCount: (patch.tokenCount ?? 0) - doc.tokenCount,
          });
        }
      });
      const updated = { ...doc, ...patch };
      await deps.progress.publish({
        kbId: doc.kbId,
        documentId: doc.id,
        run: updated.run,
        progress: updated.progress,
        progressMsg: updated.progressMsg,
        chunkCount: updated.chunkCount,
      });
      return { run: updated.run, justFinished: isDone };
    },
    // A holder that died (worker killed) keeps the lock until its TTL runs out: the TTL stays well
    // under a task's lease, so a task waiting for the lock never loses its lease meanwhile.
    {
      ttlMs: Math.max(1000, Math.floor(deps.config.TASK_LEASE_MS / 4)),
      waitMs: Math.floor(deps.config.TASK_LEASE_MS / 2),
    },
  );
}
