import { type ChatRow, findChatKnowledgeBases } from "@ragtime/db";
import type { ConversationMessage } from "@ragtime/db/schema";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { AppError, badRequest } from "../errors";
import type { Language } from "../i18n/messages";
import type { LlmMessage } from "../ports/llm";
import { KNOWLEDGE_VARIABLE, ZChatPrompt } from "../schemas/chats";
import { type CompletionPlan, HISTORY_USER_TURNS } from "./run-completion";
import { chatModelFor } from "./services";

/**
 * The values of the prompt's variables: every declared one that is not optional must be given,
 * optional ones default to empty, and a value for a variable the chat does not declare is refused
 * (a typo would otherwise be silently ignored).
 */
export function resolveVariables(chat: ChatRow, given: Record<string, string> = {}): Record<string, string> {
  const prompt = ZChatPrompt.parse(chat.prompt);
  const declared = prompt.variables.filter((v) => v.key !== KNOWLEDGE_VARIABLE);
  const known = new Set(declared.map((v) => v.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) throw badRequest("error.unknownVariable", { key }, `variables.${key}`);
  }
  const values: Record<string, string> = {};
  for (const v of declared) {
    // Own keys only: `given.toString` would otherwise be Object.prototype's (a declared
    // `{toString}` left out crashed with a 500).
    const value = Object.hasOwn(given, v.key) ? given[v.key] : undefined;
    if (value === undefined || value.trim() === "") {
      if (!v.optional) throw badRequest("error.missingVariable", { key: v.key }, `variables.${v.key}`);
      values[v.key] = "";
    } else {
      values[v.key] = value;
    }
  }
  return values;
}

/**
 * The earlier turns that go with a question: the last HISTORY_USER_TURNS questions and everything
 * after the first of them (their answers), so that with the new question the model sees the last
 * three user turns (SPEC §6). The opener and answers before them are left out.
 */
export function historyOf(messages: readonly Pick<ConversationMessage, "role" | "content">[]): LlmMessage[] {
  const userAt = messages.flatMap((m, i) => (m.role === "user" ? [i] : []));
  const from =
    userAt.length > HISTORY_USER_TURNS
      ? (userAt.at(-HISTORY_USER_TURNS) ?? 0)
      : (userAt[0] ?? messages.length);
  return messages.slice(from).map((m) => ({ role: m.role, content: m.content }));
}

/**
 * Everything a turn needs, checked before anything streams (so bad input is a plain 4xx): the
 * chat's knowledge bases the caller may read (deleted ones are skipped; one the caller cannot read
 * is refused: a chat never reveals a private knowledge base to other members), and the variables.
 */
export async function prepareTurn(
  deps: Deps,
  input: {
    actor: Actor;
    lang: Language;
    chat: ChatRow;
    question: string;
    history: LlmMessage[];
    variables?: Record<string, string> | undefined;
  },
): Promise<CompletionPlan> {
  const { actor, chat } = input;
  const kbs = await findChatKnowledgeBases(deps.database, { tenantId: actor.tenantId, ids: chat.kbIds });
  if (kbs.some((kb) => kb.permission !== "team" && kb.createdBy !== actor.userId)) {
    throw new AppError("FORBIDDEN", { key: "error.chatKbUnreadable" });
  }
  const order = new Map(chat.kbIds.map((id, i) => [id, i]));
  kbs.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return {
    actor,
    lang: input.lang,
    chat,
    kbIds: kbs.map((kb) => kb.id),
    kbLanguage: kbs[0]?.language ?? "en",
    question: input.question,
    history: input.history,
    variables: resolveVariables(chat, input.variables),
    model: await chatModelFor(deps, { tenantId: actor.tenantId, modelId: chat.chatModel }),
  };
}
