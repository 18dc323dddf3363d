import type { Actor } from "../actor";
import type { Deps } from "../deps";
import type { Conversation } from "../schemas/chats";
import { loadConversation, toConversation } from "./to-conversation";

export async function getConversation(
  deps: Deps,
  input: { actor: Actor; id: string },
): Promise<Conversation> {
  return toConversation((await loadConversation(deps, input.actor, input.id)).conversation);
}
