import { type ConversationRow, insertConversation } from "@ragtime/db";
import type { ConversationMessage } from "@ragtime/db/schema";
import type { Actor } from "../actor";
import { loadChat } from "../chats/to-chat";
import type { Deps } from "../deps";
import { type Language, translate } from "../i18n/messages";
import { newId } from "../ids";
import { type Conversation, type CreateConversationInput, ZChatPrompt } from "../schemas/chats";
import { toConversation } from "./to-conversation";

/** Names a conversation gets when none is given; the first question replaces them. */
export const DEFAULT_CONVERSATION_NAMES = new Set(
  (["en", "fr", "zh"] as const).map((lang) => translate("chat.newConversation", lang)),
);

/** A new conversation with a chat, opened by the chat's opener (when it has one) as the first answer. */
export async function createConversation(
  deps: Deps,
  input: CreateConversationInput & { actor: Actor; lang: Language },
): Promise<Conversation> {
  const { actor } = input;
  const chat = await loadChat(deps, actor, input.chatId);
  const now = deps.now();
  const opener = ZChatPrompt.parse(chat.prompt).opener.trim();
  const messages: ConversationMessage[] = opener
    ? [{ id: newId(now.getTime()), role: "assistant", content: opener, createdAt: now.toISOString() }]
    : [];
  const row: ConversationRow = {
    id: newId(now.getTime()),
    chatId: chat.id,
    userId: actor.userId,
    name: input.name ?? translate("chat.newConversation", input.lang),
    messages,
    createdAt: now,
    updatedAt: now,
  };
  await insertConversation(deps.database, row);
  return toConversation(row);
}
