import { deleteConversation as deleteRow } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { loadConversation } from "./to-conversation";

export async function deleteConversation(
  deps: Deps,
  input: { actor: Actor; id: string },
): Promise<{ ok: true }> {
  await loadConversation(deps, input.actor, input.id);
  await deleteRow(deps.database, { userId: input.actor.userId, id: input.id });
  return { ok: true };
}
