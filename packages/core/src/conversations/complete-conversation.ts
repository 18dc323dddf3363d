import type { ConversationMessage } from "@ragtime/db/schema";
import type { Actor } from "../actor";
import { type CompletionStream, launchCompletion } from "../completion/completion-stream";
import { historyOf, prepareTurn } from "../completion/prepare-turn";
import { answerTurn } from "../completion/run-completion";
import type { Deps } from "../deps";
import type { Language } from "../i18n/messages";
import { newId } from "../ids";
import type { CompleteInput, CompletionResult } from "../schemas/chats";
import { changeMessages } from "./change-messages";
import { DEFAULT_CONVERSATION_NAMES } from "./create-conversation";
import { loadConversation } from "./to-conversation";

/** The first words of the first question name a conversation that was not named. */
function nameFrom(question: string): string {
  const oneLine = question.replace(/\s+/g, " ").trim();
  return oneLine.length <= 60 ? oneLine : `${oneLine.slice(0, 59).trimEnd()}…`;
}

/**
 * Asks a question in a conversation. Everything the turn needs is checked first (a bad request
 * rejects here, before any event); then the answer streams as events — deltas, then `done` with
 * the whole answer and its reference — and the question and answer are stored together when it
 * ends, whether or not anyone is still reading.
 */
export async function completeConversation(
  deps: Deps,
  input: CompleteInput & { actor: Actor; lang: Language },
): Promise<CompletionStream> {
  const { actor } = input;
  const { conversation, chat } = await loadConversation(deps, actor, input.conversationId);
  const plan = await prepareTurn(deps, {
    actor,
    lang: input.lang,
    chat,
    question: input.question,
    history: historyOf(conversation.messages),
    variables: input.variables,
  });
  const askedAt = deps.now();
  const questionId = newId(askedAt.getTime());
  return launchCompletion(
    async (emit) => {
      const outcome = await answerTurn(deps, plan, emit);
      const answeredAt = deps.now();
      const messageId = newId(answeredAt.getTime());
      const question: ConversationMessage = {
        id: questionId,
        role: "user",
        content: input.question,
        createdAt: askedAt.toISOString(),
      };
      const answer: ConversationMessage = {
        id: messageId,
        role: "assistant",
        content: outcome.answer,
        createdAt: answeredAt.toISOString(),
        reference: outcome.reference,
      };
      await changeMessages(deps, actor, conversation.id, (messages, row) => ({
        messages: [...messages, question, answer],
        ...(DEFAULT_CONVERSATION_NAMES.has(row.name) && !messages.some((m) => m.role === "user")
          ? { name: nameFrom(input.question) }
          : {}),
      }));
      const result: CompletionResult = {
        conversationId: conversation.id,
        messageId,
        questionId,
        answer: outcome.answer,
        reference: outcome.reference,
        isExtractive: outcome.isExtractive,
      };
      return result;
    },
    { lang: input.lang, logger: deps.logger },
  );
}
