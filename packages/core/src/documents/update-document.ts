import {
  bumpKnowledgeBaseCounters,
  deleteDocumentChunks,
  discardDocumentRun,
  isUniqueViolation,
  listDocumentTasks,
  renameDocumentChunks,
  setDocumentChunksAvailable,
  updateDocument as updateRow,
} from "@ragtime/db";
import type { JsonObject } from "@ragtime/db/schema";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { badRequest, conflict } from "../errors";
import { type Document, type UpdateDocumentInput, ZParserConfig } from "../schemas/index";
import { acceptableName, splitName } from "./file-names";
import { getDocument, loadEditableDocument } from "./get-document";

/**
 * Renames (same extension), enables/disables, changes the chunk method or parser settings
 * (which resets the document to UNSTART: its chunks no longer match), or replaces metadata.
 */
export async function updateDocument(
  deps: Deps,
  input: UpdateDocumentInput & { actor: Actor },
): Promise<Document> {
  const { actor, id } = input;
  const { document, kb } = await loadEditableDocument(deps, actor, id);
  const patch: Parameters<typeof updateRow>[2] = {};
  if (input.name !== undefined && input.name !== document.name) {
    const name = acceptableName(input.name);
    if (!name) throw badRequest("error.badFilename", { name: input.name }, "name");
    if (splitName(name).suffix !== document.suffix) {
      throw badRequest("error.renameExtension", { suffix: document.suffix }, "name");
    }
    patch.name = name;
  }
  if (input.enabled !== undefined) patch.enabled = input.enabled;
  if (input.metadata !== undefined) patch.metadata = input.metadata as JsonObject;
  const resetsChunks =
    (input.chunkMethod !== undefined && input.chunkMethod !== document.chunkMethod) ||
    input.parserConfig !== undefined;
  if (input.chunkMethod !== undefined) patch.chunkMethod = input.chunkMethod;
  if (input.parserConfig !== undefined) {
    patch.parserConfig = ZParserConfig.parse({
      ...document.parserConfig,
      ...input.parserConfig,
    }) as JsonObject;
  }
  if (resetsChunks) {
    // The document's chunks were cut another way: it goes back to "not parsed".
    Object.assign(patch, { run: "UNSTART", progress: 0, progressMsg: null, chunkCount: 0, tokenCount: 0 });
  }
  if (Object.keys(patch).length > 0) {
    try {
      await updateRow(deps.database, { kbId: kb.id, id }, patch);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict("error.documentNameTaken");
      throw error;
    }
  }
  // Keep the chunk index in step: disabled documents are never retrieved, names show in citations,
  // and chunks cut another way are dropped (with the knowledge base's counters).
  if (patch.enabled !== undefined)
    await setDocumentChunksAvailable(deps.database, { docId: id, available: patch.enabled });
  if (patch.name !== undefined) await renameDocumentChunks(deps.database, { docId: id, docName: patch.name });
  if (resetsChunks) {
    await deps.queue.cancel((await listDocumentTasks(deps.database, id)).map((t) => t.id));
    await deleteDocumentChunks(deps.database, { docId: id });
    await discardDocumentRun(deps.database, { docId: id });
    await bumpKnowledgeBaseCounters(deps.database, kb.id, {
      chunkCount: -document.chunkCount,
      tokenCount: -document.tokenCount,
    });
  }
  return getDocument(deps, { actor, id });
}
