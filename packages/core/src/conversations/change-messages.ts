import { type ConversationRow, findConversation, updateConversation } from "@ragtime/db";
import type { ConversationMessage } from "@ragtime/db/schema";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { badRequest, notFound } from "../errors";
import type { Conversation, DeleteMessageInput, MessageFeedbackInput } from "../schemas/chats";
import { toConversation } from "./to-conversation";

/**
 * Read-modify-write of a conversation's messages under a lock on the conversation, so a turn
 * being stored, a feedback and a deletion never overwrite one another. `change` returns the new
 * list (or throws); the row is returned as stored. Undefined when the conversation is gone.
 */
export async function changeMessages(
  deps: Deps,
  actor: Actor,
  id: string,
  change: (
    messages: ConversationMessage[],
    row: ConversationRow,
  ) => { messages: ConversationMessage[]; name?: string },
): Promise<ConversationRow | undefined> {
  return deps.locks.withLock(`conversation:${id}`, async () => {
    const found = await findConversation(deps.database, {
      tenantId: actor.tenantId,
      userId: actor.userId,
      id,
    });
    if (!found) return undefined;
    const next = change([...found.conversation.messages], found.conversation);
    const updatedAt = deps.now();
    await updateConversation(
      deps.database,
      { userId: actor.userId, id },
      { messages: next.messages, updatedAt, ...(next.name ? { name: next.name } : {}) },
    );
    return {
      ...found.conversation,
      messages: next.messages,
      name: next.name ?? found.conversation.name,
      updatedAt,
    };
  });
}

/** Thumb up/down and an optional text on one of the assistant's answers (a new one replaces the old). */
export async function setMessageFeedback(
  deps: Deps,
  input: MessageFeedbackInput & { actor: Actor },
): Promise<Conversation> {
  const row = await changeMessages(deps, input.actor, input.conversationId, (messages) => {
    const at = messages.findIndex((m) => m.id === input.messageId);
    const message = messages[at];
    if (!message) throw notFound("entity.message");
    if (message.role !== "assistant") throw badRequest("error.feedbackOnQuestion", {}, "messageId");
    messages[at] = {
      ...message,
      feedback: { thumb: input.thumb, ...(input.text ? { text: input.text } : {}) },
    };
    return { messages };
  });
  if (!row) throw notFound("entity.conversation");
  return toConversation(row);
}

/** Deletes a question and its answer (either id of the pair); the opener alone when it is the one named. */
export async function deleteMessagePair(
  deps: Deps,
  input: DeleteMessageInput & { actor: Actor },
): Promise<Conversation> {
  const row = await changeMessages(deps, input.actor, input.conversationId, (messages) => {
    const at = messages.findIndex((m) => m.id === input.messageId);
    const message = messages[at];
    if (!message) throw notFound("entity.message");
    let from = at;
    let to = at + 1;
    if (message.role === "user" && messages[at + 1]?.role === "assistant") to = at + 2;
    if (message.role === "assistant" && messages[at - 1]?.role === "user") from = at - 1;
    messages.splice(from, to - from);
    return { messages };
  });
  if (!row) throw notFound("entity.conversation");
  return toConversation(row);
}
