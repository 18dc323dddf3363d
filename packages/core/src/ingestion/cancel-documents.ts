import { discardDocumentRun, listDocumentTasks, updateDocument } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { loadEditableDocument } from "../documents/get-document";
import { toDocument } from "../documents/to-document";
import type { Document } from "../schemas/index";
import { appendLog, logLine } from "./progress-log";

/**
 * Stops parsing: queued tasks are dropped, running ones are told to stop between steps, and the
 * chunks this run staged are removed. The document keeps the chunks of its last completed run.
 */
export async function cancelDocuments(
  deps: Deps,
  input: { actor: Actor; ids: string[] },
): Promise<Document[]> {
  const out: Document[] = [];
  for (const id of input.ids) {
    const { document: doc } = await loadEditableDocument(deps, input.actor, id);
    if (doc.run !== "QUEUED" && doc.run !== "RUNNING") {
      out.push(toDocument(doc));
      continue;
    }
    const tasks = await listDocumentTasks(deps.database, doc.id);
    const patch = {
      run: "CANCEL",
      progressMsg: appendLog(doc.progressMsg, logLine(deps.now(), "Cancelled")),
    } as const;
    // The state first: a task between two steps sees CANCEL and stops writing.
    await updateDocument(deps.database, { kbId: doc.kbId, id: doc.id }, patch);
    await deps.queue.cancel(tasks.map((t) => t.id));
    await discardDocumentRun(deps.database, { docId: doc.id });
    await deps.progress.publish({
      kbId: doc.kbId,
      documentId: doc.id,
      run: "CANCEL",
      progress: doc.progress,
      progressMsg: patch.progressMsg,
      chunkCount: doc.chunkCount,
    });
    out.push(toDocument({ ...doc, ...patch }));
  }
  return out;
}
