import type { Actor } from "../actor";
import type { Deps } from "../deps";
import type { Chat } from "../schemas/chats";
import { loadChat, toChat } from "./to-chat";

export async function getChat(deps: Deps, input: { actor: Actor; id: string }): Promise<Chat> {
  return toChat(await loadChat(deps, input.actor, input.id), input.actor);
}
