import { listConversations as listRows } from "@ragtime/db";
import type { Actor } from "../actor";
import { loadChat } from "../chats/to-chat";
import type { Deps } from "../deps";
import type { ConversationList, ListConversationsInput } from "../schemas/chats";
import { toConversationSummary } from "./to-conversation";

/** Your own conversations with a chat, most recently active first. */
export async function listConversations(
  deps: Deps,
  input: ListConversationsInput & { actor: Actor },
): Promise<ConversationList> {
  const { actor, chatId, page, pageSize } = input;
  await loadChat(deps, actor, chatId);
  const { total, items } = await listRows(deps.database, { chatId, userId: actor.userId, page, pageSize });
  return { total, items: items.map(toConversationSummary) };
}
