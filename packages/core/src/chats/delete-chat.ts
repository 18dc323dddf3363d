import { deleteChat as deleteRow } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { loadEditableChat } from "./to-chat";

/** Deletes a chat and every conversation with it (its creator, or owner/admin). */
export async function deleteChat(deps: Deps, input: { actor: Actor; id: string }): Promise<{ ok: true }> {
  await loadEditableChat(deps, input.actor, input.id);
  await deleteRow(deps.database, { tenantId: input.actor.tenantId, id: input.id });
  return { ok: true };
}
