import { updateConversation } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import type { Conversation, RenameConversationInput } from "../schemas/chats";
import { getConversation } from "./get-conversation";
import { loadConversation } from "./to-conversation";

export async function renameConversation(
  deps: Deps,
  input: RenameConversationInput & { actor: Actor },
): Promise<Conversation> {
  const { actor, id, name } = input;
  await loadConversation(deps, actor, id);
  await updateConversation(deps.database, { userId: actor.userId, id }, { name, updatedAt: deps.now() });
  return getConversation(deps, { actor, id });
}
