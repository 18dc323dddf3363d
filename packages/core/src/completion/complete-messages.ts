import type { Actor } from "../actor";
import { loadChat } from "../chats/to-chat";
import type { Deps } from "../deps";
import { badRequest } from "../errors";
import type { Language } from "../i18n/messages";
import { newId } from "../ids";
import type { LlmMessage } from "../ports/llm";
import { type CompletionStream, launchCompletion } from "./completion-stream";
import { historyOf, prepareTurn } from "./prepare-turn";
import { answerTurn } from "./run-completion";

/**
 * A stateless turn for the OpenAI-compatible endpoint: the caller sends the whole conversation
 * (OpenAI clients keep it themselves); the chat's own system prompt, knowledge and settings
 * apply; nothing is stored. System messages of the caller are ignored — the chat's prompt rules.
 */
export async function completeMessages(
  deps: Deps,
  input: {
    actor: Actor;
    lang: Language;
    chatId: string;
    messages: LlmMessage[];
    variables?: Record<string, string> | undefined;
  },
): Promise<CompletionStream> {
  const chat = await loadChat(deps, input.actor, input.chatId);
  const turns = input.messages.filter((m) => m.role !== "system");
  const last = turns.at(-1);
  if (last?.role !== "user" || last.content.trim() === "") {
    throw badRequest("error.openaiMessages", {}, "messages");
  }
  const plan = await prepareTurn(deps, {
    actor: input.actor,
    lang: input.lang,
    chat,
    question: last.content.trim().slice(0, 4000),
    history: historyOf(
      turns.slice(0, -1).map((m) => ({ role: m.role === "user" ? "user" : "assistant", content: m.content })),
    ),
    variables: input.variables,
  });
  const questionId = newId();
  return launchCompletion(
    async (emit) => {
      const outcome = await answerTurn(deps, plan, emit);
      return {
        conversationId: null,
        messageId: newId(),
        questionId,
        answer: outcome.answer,
        reference: outcome.reference,
        isExtractive: outcome.isExtractive,
      };
    },
    { lang: input.lang, logger: deps.logger },
  );
}
