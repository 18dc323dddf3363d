import { bumpKnowledgeBaseCounters, deleteDocument as deleteRow, listDocumentTasks } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { loadEditableDocument } from "./get-document";

/** Deletes a document: its row and tasks (cascade), its original file, and the KB's counters. */
export async function deleteDocument(deps: Deps, input: { actor: Actor; id: string }): Promise<{ ok: true }> {
  const { document, kb } = await loadEditableDocument(deps, input.actor, input.id);
  // Running tasks stop; the document's chunks, stats and staged runs go by foreign-key cascade.
  await deps.queue.cancel((await listDocumentTasks(deps.database, document.id)).map((t) => t.id));
  await deps.database.transaction(async (tx) => {
    const deleted = await deleteRow(tx, { kbId: kb.id, id: document.id });
    if (deleted > 0) {
      await bumpKnowledgeBaseCounters(tx, kb.id, {
        docCount: -1,
        chunkCount: -document.chunkCount,
        tokenCount: -document.tokenCount,
      });
    }
  });
  // After the commit: a blob without a row is harmless, a row without its blob is not.
  await deps.storage.delete(document.storageKey);
  return { ok: true };
}
