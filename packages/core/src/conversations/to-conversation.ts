import { type ConversationRow, findConversation } from "@ragtime/db";
import type { ConversationMessage } from "@ragtime/db/schema";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import { type Conversation, type ConversationSummary, type Message, ZReference } from "../schemas/chats";

export function toMessage(m: ConversationMessage): Message {
  return {
    id: m.id,
    role: m.role,
    content: m.content,
    createdAt: m.createdAt,
    ...(m.reference ? { reference: ZReference.parse(m.reference) } : {}),
    ...(m.feedback ? { feedback: m.feedback } : {}),
  };
}

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    chatId: row.chatId,
    name: row.name,
    messages: row.messages.map(toMessage),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toConversationSummary(row: ConversationRow): ConversationSummary {
  return {
    id: row.id,
    chatId: row.chatId,
    name: row.name,
    messageCount: row.messages.length,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A conversation is private to the person who had it: anyone else's is "not found". */
export async function loadConversation(deps: Deps, actor: Actor, id: string) {
  const found = await findConversation(deps.database, { tenantId: actor.tenantId, userId: actor.userId, id });
  if (!found) throw notFound("entity.conversation");
  return found;
}
