import type { Actor } from "../actor";
import type { CompletionStream } from "../completion/completion-stream";
import { prepareTurn } from "../completion/prepare-turn";
import { completeConversation } from "../conversations/complete-conversation";
import { createConversation } from "../conversations/create-conversation";
import { loadConversation } from "../conversations/to-conversation";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import type { Language } from "../i18n/messages";
import type { ChatCompletionBody } from "../schemas/chats";
import { loadChat } from "./to-chat";

/**
 * A question to a chat, as the REST completions route takes it: in the given conversation, or in
 * a new one (opened like any other) when none is given. A refused question creates nothing.
 */
export async function askChat(
  deps: Deps,
  input: Omit<ChatCompletionBody, "stream"> & { chatId: string; actor: Actor; lang: Language },
): Promise<CompletionStream & { conversationId: string }> {
  const { actor, lang } = input;
  const chat = await loadChat(deps, actor, input.chatId);
  let conversationId = input.conversationId;
  if (conversationId) {
    // The conversation must be one of this chat's: another chat's would answer with other settings.
    const { conversation } = await loadConversation(deps, actor, conversationId);
    if (conversation.chatId !== chat.id) throw notFound("entity.conversation");
  } else {
    await prepareTurn(deps, {
      actor,
      lang,
      chat,
      question: input.question,
      history: [],
      variables: input.variables,
    });
    conversationId = (await createConversation(deps, { actor, lang, chatId: chat.id })).id;
  }
  const stream = await completeConversation(deps, {
    actor,
    lang,
    conversationId,
    question: input.question,
    ...(input.variables ? { variables: input.variables } : {}),
  });
  return Object.assign(stream, { conversationId });
}
