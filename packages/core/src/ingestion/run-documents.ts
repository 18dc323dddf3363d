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
 */
export async function runDocuments(deps: Deps, input: { actor: Actor; ids: string[] }): Promise<Document[]> {
  const out: Document[] = [];
  for (const id of input.ids) {
    const { document } = await loadEditableDocument(deps, input.actor, id);
    out.push(toDocument(await queueDocument(deps, document)));
  }
  return out;
}

async function queueDocument(deps: Deps, doc: DocumentRow): Promise<DocumentRow> {
  const previous = await listDocumentTasks(deps.database, doc.id);
  if (previous.length > 0) await deps.queue.cancel(previous.map((t) => t.id));
  const now = deps.now();
  const parserConfig = ZParserConfig.parse(doc.parserConfig);

  let pageCount: number | undefined;
  if (doc.type === "pdf") {
    try {
      pageCount = await countPdfPages(await readBlob(deps, doc.storageKey), doc.name);
    } catch (error) {
      const reason = isParseError(error) ? error.message : "the file could not be read";
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
      return { ...doc, ...failed };
    }
  }
  if (pageCount !== undefined && pageCount > DEFAULT_MAX_PAGES) {
    return failWithoutTasks(deps, doc, `${pageCount} pages is more than the limit of ${DEFAULT_MAX_PAGES}`);
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
  // Staged chunks of earlier, unfinished runs are of no use any more.
  await discardDocumentRun(deps.database, { docId: doc.id });
  await deps.database.transaction(async (tx) => {
    await deleteDocumentTasks(tx, doc.id);
    await insertTasks(tx, tasks);
    await updateDocument(tx, { kbId: doc.kbId, id: doc.id }, queued);
  });
  for (const task of tasks) await deps.queue.add({ taskId: task.id, docId: doc.id });
  await deps.progress.publish({ kbId: doc.kbId, documentId: doc.id, ...queued, chunkCount: doc.chunkCount });
  return { ...doc, ...queued };
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
