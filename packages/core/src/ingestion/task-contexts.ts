import { findTaskContext, listDocuments } from "@ragtime/db";
import type { DocumentRow, KnowledgeBaseRow, TaskRow } from "@ragtime/db/schema";
import type { Deps } from "../deps";
import type { TaskJob } from "../ports/task-queue";

export type TaskContext = {
  task: Pick<TaskRow, "id" | "docId" | "fromPage" | "toPage" | "progressMsg" | "createdAt">;
  document: DocumentRow;
  kb: KnowledgeBaseRow;
};

/** How long a prefetched row may stand in for a fresh read: about what a task takes to start. */
const FRESH_MS = 5_000;
const PREFETCH_ROWS = 500;
const PREFETCH_EVERY_MS = 1_000;

/**
 * What a task needs to know about itself, its document and its knowledge base. One task of a
 * large batch of small documents would otherwise cost a three-table read of its own: when a
 * knowledge base has many queued documents, they are read a page at a time (one statement for
 * hundreds) and each row serves its document's first attempt once, within a few seconds.
 * Everything else (PDF page ranges, retries, a miss) reads the task itself, as before. The
 * document's state is checked again under its lock before anything is written.
 */
export function createTaskContextLoader(deps: Deps) {
  const documents = new Map<string, { row: DocumentRow; at: number }>();
  const kbs = new Map<string, { row: KnowledgeBaseRow; at: number }>();
  const lastPrefetch = new Map<string, number>();

  const prefetch = async (kbId: string) => {
    const now = Date.now();
    if (now - (lastPrefetch.get(kbId) ?? 0) < PREFETCH_EVERY_MS) return;
    lastPrefetch.set(kbId, now);
    const { items } = await listDocuments(deps.database, {
      kbId,
      run: ["QUEUED"],
      orderBy: "updatedAt",
      order: "asc",
      page: 1,
      pageSize: PREFETCH_ROWS,
    });
    const at = Date.now();
    for (const row of items) if (row.type !== "pdf") documents.set(row.id, { row, at });
  };

  const sweep = (now: number) => {
    for (const [id, entry] of documents) if (now - entry.at > FRESH_MS) documents.delete(id);
    for (const [id, entry] of kbs) if (now - entry.at > FRESH_MS) kbs.delete(id);
  };

  return {
    async load(job: TaskJob, attempt: number): Promise<TaskContext | undefined> {
      const now = Date.now();
      const cached = documents.get(job.docId);
      documents.delete(job.docId);
      if (attempt === 1 && cached && now - cached.at <= FRESH_MS) {
        const kb = kbs.get(cached.row.kbId);
        if (kb && now - kb.at <= FRESH_MS) {
          return {
            // A first attempt of a whole-document task: pages 0–0, nothing logged yet.
            task: {
              id: job.taskId,
              docId: job.docId,
              fromPage: 0,
              toPage: 0,
              progressMsg: null,
              createdAt: cached.row.processBeginAt ?? cached.row.updatedAt,
            },
            document: cached.row,
            kb: kb.row,
          };
        }
      }
      if (documents.size > 4 * PREFETCH_ROWS) sweep(now);
      const found = await findTaskContext(deps.database, job.taskId);
      if (found && found.task.fromPage === 0) {
        kbs.set(found.kb.id, { row: found.kb, at: Date.now() });
        // More whole-document tasks of this knowledge base are probably on their way.
        await prefetch(found.kb.id).catch((error: unknown) =>
          deps.logger.debug({ err: error }, "prefetching queued documents failed"),
        );
      }
      return found;
    },
  };
}
