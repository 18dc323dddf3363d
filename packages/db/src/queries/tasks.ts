import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Database } from "../client";
import type { DocumentRow, KnowledgeBaseRow, TaskRow } from "../schema/index";

type NewRow<K extends keyof Database["t"]> = Database["t"][K]["$inferInsert"];

/** Task progress is 0..1 while it runs, 1 when done, and −1 when it failed for good. */
export const TASK_FAILED = -1;

export async function insertTasks(d: Database, rows: (NewRow<"tasks"> & { id: string })[]): Promise<void> {
  if (rows.length > 0) await d.db.insert(d.t.tasks).values(rows);
}

export async function listDocumentTasks(d: Database, docId: string): Promise<TaskRow[]> {
  const t = d.t.tasks;
  return d.db.select().from(t).where(eq(t.docId, docId)).orderBy(asc(t.fromPage), asc(t.id));
}

/** A task with its document and knowledge base (workers act for the system, not for a user). */
export async function findTaskContext(
  d: Database,
  taskId: string,
): Promise<{ task: TaskRow; document: DocumentRow; kb: KnowledgeBaseRow } | undefined> {
  const { tasks, documents, knowledgeBases } = d.t;
  const [row] = await d.db
    .select({ task: tasks, document: documents, kb: knowledgeBases })
    .from(tasks)
    .innerJoin(documents, eq(documents.id, tasks.docId))
    .innerJoin(knowledgeBases, eq(knowledgeBases.id, documents.kbId))
    .where(eq(tasks.id, taskId))
    .limit(1);
  return row;
}

export async function updateTask(
  d: Database,
  id: string,
  patch: Partial<Omit<NewRow<"tasks">, "id" | "docId" | "createdAt">>,
): Promise<void> {
  await d.db.update(d.t.tasks).set(patch).where(eq(d.t.tasks.id, id));
}

export async function deleteDocumentTasks(d: Database, docId: string): Promise<void> {
  await d.db.delete(d.t.tasks).where(eq(d.t.tasks.docId, docId));
}

/**
 * Tasks still to do for documents that are queued or running: after a restart, these are put
 * back on the queue, so an in-process queue loses nothing when the process dies.
 */
export async function findUnfinishedTasks(d: Database): Promise<TaskRow[]> {
  const { tasks, documents } = d.t;
  const rows = await d.db
    .select({ task: tasks })
    .from(tasks)
    .innerJoin(documents, eq(documents.id, tasks.docId))
    .where(and(inArray(documents.run, ["QUEUED", "RUNNING"]), gte(tasks.progress, 0), lt(tasks.progress, 1)))
    .orderBy(asc(tasks.createdAt), asc(tasks.id));
  return rows.map((r) => r.task);
}

/** A document by id alone: for workers, which act for the system (access was checked at `run`). */
export async function findDocumentRow(d: Database, id: string): Promise<DocumentRow | undefined> {
  const [row] = await d.db.select().from(d.t.documents).where(eq(d.t.documents.id, id)).limit(1);
  return row;
}
