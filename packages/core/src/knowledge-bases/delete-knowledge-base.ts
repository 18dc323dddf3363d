import { deleteKnowledgeBase as deleteRow } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { loadEditableKnowledgeBase } from "./get-knowledge-base";

/**
 * Deletes a knowledge base with its documents and tasks (database cascade).
 * Blobs and indexed chunks do not exist yet; their clean-up joins this operation with ingestion.
 */
export async function deleteKnowledgeBase(
  deps: Deps,
  input: { actor: Actor; id: string },
): Promise<{ ok: true }> {
  await loadEditableKnowledgeBase(deps, input.actor, input.id);
  await deleteRow(deps.database, { tenantId: input.actor.tenantId, id: input.id });
  return { ok: true };
}
