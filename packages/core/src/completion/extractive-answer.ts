/**
 * The built-in answerer (SPEC §4): with no chat model configured, the answer is made of the best
 * passages themselves — the most relevant excerpt of each, quoted, with its [ID:n] citation —
 * under a line saying, in the user's language, that the answer is extractive. It needs no
 * network and no model, so a fresh install answers questions over its documents offline.
 */
import { createKeywordTokenizer } from "@ragtime/rag";
import { type Language, translate } from "../i18n/messages";
import type { RetrievedChunk } from "../schemas/retrieval";

/** Passages quoted in an extractive answer. */
export const EXTRACTIVE_PASSAGES = 3;
/** Longest excerpt of one passage, in characters (the whole passage is in the reference). */
const EXCERPT_CHARS = 700;

const SENTENCE = /[^.!?。！？\n]+(?:[.!?](?!\d)|[。！？]|\n|$)/gu;

/** The excerpt of `content` around its sentence sharing most terms with the question. */
export function bestExcerpt(content: string, question: string, language = "en"): string {
  const text = content
    .replace(/[ \t]+/g, " ")
    .replace(/\n{2,}/g, "\n")
    .trim();
  if (text.length <= EXCERPT_CHARS) return text;
  const tokenize = createKeywordTokenizer({ language });
  const wanted = new Set(tokenize(question));
  const sentences = [...text.matchAll(SENTENCE)].map((m) => ({ start: m.index ?? 0, text: m[0] }));
  if (sentences.length === 0) return `${text.slice(0, EXCERPT_CHARS)}…`;
  let best = 0;
  let bestScore = -1;
  for (const [i, s] of sentences.entries()) {
    const score = tokenize(s.text).filter((t) => wanted.has(t)).length;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  // Grow the window around the best sentence, alternating right and left, while it fits.
  let from = best;
  let to = best;
  const span = () =>
    (sentences[to]?.start ?? 0) + (sentences[to]?.text.length ?? 0) - (sentences[from]?.start ?? 0);
  for (let grew = true; grew; ) {
    grew = false;
    const right = sentences[to + 1];
    if (right && span() + right.text.length <= EXCERPT_CHARS) {
      to++;
      grew = true;
    }
    const left = sentences[from - 1];
    if (left && span() + left.text.length <= EXCERPT_CHARS) {
      from--;
      grew = true;
    }
  }
  const start = sentences[from]?.start ?? 0;
  let excerpt = text.slice(start, start + span()).trim();
  if (excerpt.length > EXCERPT_CHARS) excerpt = excerpt.slice(0, EXCERPT_CHARS).trimEnd();
  return `${from > 0 ? "… " : ""}${excerpt}${start + span() < text.length ? " …" : ""}`;
}

/** The extractive answer, as the deltas it is streamed in (intro, then one quoted passage each). */
export function extractiveAnswer(
  chunks: readonly RetrievedChunk[],
  question: string,
  lang: Language,
  language = "en",
): { parts: string[]; citedIds: number[] } {
  const best = chunks.slice(0, EXTRACTIVE_PASSAGES);
  if (best.length === 0) return { parts: [translate("chat.extractiveNothing", lang)], citedIds: [] };
  const parts = [`*${translate("chat.extractiveIntro", lang)}*`];
  for (const [id, chunk] of best.entries()) {
    const quoted = bestExcerpt(chunk.content, question, language)
      .split("\n")
      .map((line) => `> ${line}`)
      .join("\n");
    parts.push(`\n\n${quoted} [ID:${id}]\n> — ${chunk.documentName}`);
  }
  return { parts, citedIds: best.map((_, i) => i) };
}
