/**
 * One turn of a chat (SPEC §6): refine (optional) → retrieve with the chat's settings → pack the
 * passages into the prompt within the model's context → stream the answer with its citations
 * rewritten on the fly → insert citations when the model wrote none → the reference.
 * Yields the answer's text deltas; returns the final answer and its reference.
 */
import type { ChatRow } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import type { Language } from "../i18n/messages";
import type { ChatModel, LlmMessage } from "../ports/llm";
import { type Reference, ZChatPrompt, ZLlmSettings } from "../schemas/chats";
import { buildPrompt } from "./build-prompt";
import { CitationRewriter, insertCitations } from "./citations";
import { extractiveAnswer } from "./extractive-answer";
import { buildReference, EMPTY_REFERENCE } from "./reference";
import { retrievePassages } from "./services";

export type CompletionPlan = {
  actor: Actor;
  /** The caller's language (labels of the extractive answer). */
  lang: Language;
  chat: ChatRow;
  /** The chat's knowledge bases that still exist (all readable by the actor). */
  kbIds: string[];
  /** Language of the knowledge bases' text (stemming for citation matching). */
  kbLanguage: string;
  question: string;
  /** Earlier turns, oldest first. */
  history: LlmMessage[];
  variables: Record<string, string>;
  /**
   * The chat's model, resolved before anything streams (a removed one is a plain 400, not an
   * error event after a conversation was opened); null: the built-in extractive answerer.
   */
  model: ChatModel | null;
};

export type CompletionOutcome = { answer: string; reference: Reference; isExtractive: boolean };

/** At most this many earlier questions (and their answers) go with a question (SPEC §6: last 3 user turns). */
export const HISTORY_USER_TURNS = 2;

const REFINE_INSTRUCTIONS = [
  "Rewrite the user's last question as one standalone question that can be understood without the conversation:",
  "resolve pronouns and references with what the conversation says. Keep the question's language.",
  "Answer with the question only, nothing else.",
].join(" ");

/** The last user question made standalone by the model, for retrieval; the question itself on failure. */
async function refineQuestion(
  deps: Deps,
  model: ChatModel,
  history: readonly LlmMessage[],
  question: string,
): Promise<string> {
  const transcript = [...history, { role: "user" as const, content: question }]
    .map((m) => `${m.role === "user" ? "USER" : "ASSISTANT"}: ${JSON.stringify(m.content)}`)
    .join("\n");
  try {
    const refined = await model.complete({
      messages: [
        { role: "system", content: REFINE_INSTRUCTIONS },
        { role: "user", content: transcript },
      ],
      temperature: 0,
      maxTokens: 256,
    });
    const text = refined.trim().replace(/^["“]|["”]$/g, "");
    return text.length > 0 ? text.slice(0, 4000) : question;
  } catch (error) {
    // Refinement only improves retrieval: the turn goes on with the question as asked.
    deps.logger.warn({ err: error, model: model.id }, "multi-turn refinement failed");
    return question;
  }
}

export async function* runCompletion(
  deps: Deps,
  plan: CompletionPlan,
): AsyncGenerator<string, CompletionOutcome> {
  const { chat } = plan;
  const prompt = ZChatPrompt.parse(chat.prompt);
  const settings = ZLlmSettings.parse(chat.llmSettings);
  const { model } = plan;

  let retrievalQuestion = plan.question;
  if (model && prompt.refineMultiturn && plan.history.some((m) => m.role === "user")) {
    retrievalQuestion = await refineQuestion(deps, model, plan.history, plan.question);
  }
  const chunks =
    plan.kbIds.length === 0
      ? []
      : (
          await retrievePassages(deps, {
            actor: plan.actor,
            kbIds: plan.kbIds,
            question: retrievalQuestion,
            similarityThreshold: chat.similarityThreshold,
            vectorSimilarityWeight: chat.vectorSimilarityWeight,
            topK: chat.topK,
            rerankModel: chat.rerankModel,
            page: 1,
            pageSize: chat.topN,
            keyword: prompt.keywordExpansion && model !== null,
            chatModel: chat.chatModel,
          })
        ).chunks;

  // Nothing found and a set answer for that: no model call at all.
  if (plan.kbIds.length > 0 && chunks.length === 0 && prompt.emptyResponse.trim() !== "") {
    yield prompt.emptyResponse;
    return { answer: prompt.emptyResponse, reference: EMPTY_REFERENCE, isExtractive: false };
  }

  if (!model) {
    const { parts, citedIds } = extractiveAnswer(chunks, plan.question, plan.lang, plan.kbLanguage);
    for (const part of parts) yield part;
    return { answer: parts.join(""), reference: buildReference(chunks, citedIds), isExtractive: true };
  }

  const built = buildPrompt({
    system: prompt.system,
    variables: plan.variables,
    chunks,
    history: plan.history,
    question: plan.question,
    showQuote: prompt.showQuote,
    contextTokens: model.contextTokens,
    maxAnswerTokens: settings.maxTokens,
  });
  // Without quotes, markers are not shown at all: a rewriter that knows no passage drops them.
  const rewriter = new CitationRewriter(prompt.showQuote ? built.passages.length : 0);
  let streamed = "";
  for await (const delta of model.stream({
    messages: built.messages,
    temperature: settings.temperature,
    topP: settings.topP,
    presencePenalty: settings.presencePenalty,
    frequencyPenalty: settings.frequencyPenalty,
    maxTokens: settings.maxTokens,
  })) {
    // PostgreSQL cannot store U+0000 in text: a model that emits one must not lose the whole answer.
    const out = rewriter.push(delta.replaceAll("\u0000", ""));
    if (out) {
      streamed += out;
      yield out;
    }
  }
  const tail = rewriter.end();
  if (tail) {
    streamed += tail;
    yield tail;
  }

  if (!prompt.showQuote) {
    // The passages the answer was written from are still its sources.
    return {
      answer: streamed,
      reference: buildReference(
        built.passages,
        built.passages.map((_, i) => i),
      ),
      isExtractive: false,
    };
  }
  let answer = streamed;
  let citedIds = rewriter.citedIds;
  if (citedIds.length === 0 && built.passages.length > 0) {
    const inserted = insertCitations(
      streamed,
      built.passages.map((p) => p.content),
      { language: plan.kbLanguage },
    );
    answer = inserted.text;
    citedIds = inserted.citedIds;
  }
  return { answer, reference: buildReference(built.passages, citedIds), isExtractive: false };
}

/** Runs a turn to its end, handing each delta to `emit`; the outcome to store or return. */
export async function answerTurn(
  deps: Deps,
  plan: CompletionPlan,
  emit: (delta: string) => void,
): Promise<CompletionOutcome> {
  const turn = runCompletion(deps, plan);
  let step = await turn.next();
  while (!step.done) {
    emit(step.value);
    step = await turn.next();
  }
  return step.value;
}
