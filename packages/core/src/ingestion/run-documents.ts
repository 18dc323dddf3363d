import {
  deleteDocumentTasks,
  discardDocumentRun,
  insertTasks,
  listDocumentTasks,
  updateDocument,
} from "@ragtime/db";
import type { DocumentRow } from "@ragtime/db/schema";
import { countPdfPages, DEFAULT_MAX_PAGES, isParseError } from "@ragtime/rag";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { loadEditableDocument } from "../documents/get-document";
import { readBlob } from "../documents/read-blob";
import { toDocument } from "../documents/to-document";
import { newId } from "../ids";
import type { Document } from "../schemas/index";
import { ZParserConfig } from "../schemas/index";
import { planPageRanges } from "./plan-tasks";
import { logLine } from "./progress-log";

/**
 * Queues documents for parsing (SPEC §3): their previous tasks are cancelled and replaced by
 * new ones — one per 12 pages of a PDF, one for anything else — and each goes on the queue.
 * The old chunks stay searchable until the new run completes (then they are swapped at once).
 * Every id is checked first (nothing is queued if one is refused); the new tasks and states of
 * all documents are then written in one transaction, the few statements a document needs apart.
 */
export async function runDocuments(deps: Deps, input: { actor: Actor; ids: string[] }): Promise<Document[]> {
  const found: DocumentRow[] = [];
  for (const id of new Set(input.ids))
    found.push((await loadEditableDocument(deps, input.actor, id)).document);
  const plans: Plan[] = [];
  const out = new Map<string, DocumentRow>();
  for (const doc of found) {
    const plan = await planDocument(deps, doc);
    if ("failed" in plan) out.set(doc.id, plan.failed);
    else plans.push(plan);
  }
  const now = deps.now();
  // A document's earlier tasks may still be queued or running: they stop before anything is replaced.
  for (const plan of plans) {
    if (plan.doc.run === "QUEUED" || plan.doc.run === "RUNNING") {
      const previous = await listDocumentTasks(deps.database, plan.doc.id);
      if (previous.length > 0) await deps.queue.cancel(previous.map((t) => t.id));
    }
  }
  await deps.database.transaction(async (tx) => {
    for (const plan of plans) {
      // A document that never ran has no tasks and nothing staged.
      if (plan.doc.run !== "UNSTART") {
        await deleteDocumentTasks(tx, plan.doc.id);
        await discardDocumentRun(tx, { docId: plan.doc.id });
      }
    }
    await insertTasks(
      tx,
      plans.flatMap((plan) => plan.tasks),
    );
    for (const plan of plans) await updateDocument(tx, { kbId: plan.doc.kbId, id: plan.doc.id }, plan.queued);
  });
  for (const plan of plans) {
    for (const task of plan.tasks) await deps.queue.add({ taskId: task.id, docId: plan.doc.id });
    await deps.progress.publish({
      kbId: plan.doc.kbId,
      documentId: plan.doc.id,
      ...plan.queued,
      chunkCount: plan.doc.chunkCount,
    });
    out.set(plan.doc.id, { ...plan.doc, ...plan.queued, processBeginAt: now });
  }
  return found.map((doc) => toDocument(out.get(doc.id) ?? doc));
}

type Plan = {
  doc: DocumentRow;
  tasks: Parameters<typeof insertTasks>[1];
  queued: {
    run: "QUEUED";
    progress: number;
    progressMsg: string;
    processBeginAt: Date;
    processDurationMs: number;
  };
};

/** The tasks of a new run of this document, or its failure when it cannot run at all. */
async function planDocument(deps: Deps, doc: DocumentRow): Promise<Plan | { failed: DocumentRow }> {
  const now = deps.now();
  const parserConfig = ZParserConfig.parse(doc.parserConfig);

  let pageCount: number | undefined;
  if (doc.type === "pdf") {
    try {
      pageCount = await countPdfPages(await readBlob(deps, doc.storageKey), doc.name);
    } catch (error) {
      const reason = isParseError(error) ? error.message : "the file could not be read";
      return { failed: await failWithoutTasks(deps, doc, reason) };
    }
  }
  if (pageCount !== undefined && pageCount > DEFAULT_MAX_PAGES) {
    return {
      failed: await failWithoutTasks(
        deps,
        doc,
        `${pageCount} pages is more than the limit of ${DEFAULT_MAX_PAGES}`,
      ),
    };
  }
  const ranges = planPageRanges(pageCount, deps.config.PDF_PAGES_PER_TASK, parserConfig.pages);
  const tasks = ranges.map(([fromPage, toPage]) => ({
    id: newId(now.getTime()),
    docId: doc.id,
    fromPage,
    toPage,
    progress: 0,
    progressMsg: null,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  }));
  const queued = {
    run: "QUEUED",
    progress: 0,
    progressMsg: logLine(
      now,
      `Queued: ${tasks.length} task${tasks.length === 1 ? "" : "s"}${pageCount ? ` for ${pageCount} pages` : ""}`,
    ),
    processBeginAt: now,
    processDurationMs: 0,
  } as const;
  return { doc, tasks, queued };
}

/** A document refused before any task (unreadable, too many pages): FAIL with the reason, at once. */
async function failWithoutTasks(deps: Deps, doc: DocumentRow, reason: string): Promise<DocumentRow> {
  const now = deps.now();
  const failed = {
    run: "FAIL",
    progress: 0,
    progressMsg: logLine(now, `Failed: ${reason}`),
    processBeginAt: now,
  } as const;
  await deps.database.transaction(async (tx) => {
    await deleteDocumentTasks(tx, doc.id);
    await updateDocument(tx, { kbId: doc.kbId, id: doc.id }, failed);
  });
  await deps.progress.publish({ kbId: doc.kbId, documentId: doc.id, ...failed, chunkCount: doc.chunkCount });
  return { ...doc, ...failed };
}
