/**
 * Citation markers of answers (SPEC §6). The canonical form is `[ID:n]`, n being the passage's
 * number in the prompt. Models also write `(ID: n)`, `【ID:n】`, `[ID: n]`, `[ID:1, 2]` or RAGFlow's
 * older `##n$$`: those are rewritten to the canonical form, and markers pointing at no passage are
 * dropped. The rewriting also works on a stream of deltas, holding back only the few characters
 * that could still become a marker, so the streamed text and the stored answer agree.
 */
import { createKeywordTokenizer, type KeywordTokenizer } from "@ragtime/rag";

const OPENERS = new Set(["[", "(", "（", "【", "#"]);

// A complete marker at the start of the text: bracketed `ID:n` (several numbers allowed) or `##n$$`.
const BRACKETED =
  /^[[(（【]\s{0,3}ID\s{0,3}[:：]\s{0,3}(\d{1,4}(?:\s{0,3}[,，、;]\s{0,3}(?:ID\s{0,3}[:：]\s{0,3})?\d{1,4}){0,9})\s{0,3}[\])）】]/i;
const HASHED = /^##(\d{1,4})\$\$/;
// Text that could still grow into a marker: hold it back until it does, or cannot.
const BRACKETED_PREFIX = /^[[(（【]\s{0,3}(?:I(?:D(?:\s{0,3}[:：](?:[\s\d,，、;]|ID|I|[:：]){0,40})?)?)?$/i;
const HASHED_PREFIX = /^#(?:#(?:\d{1,4}\$?)?)?$/;

export const CITATION_PATTERN = /\[ID:(\d+)\]/g;

type Step = { kind: "marker"; length: number; ids: number[] } | { kind: "partial" } | { kind: "text" };

function readAt(text: string, at: number): Step {
  const rest = text.slice(at);
  const bracketed = BRACKETED.exec(rest);
  if (bracketed?.[1] !== undefined) {
    const ids = (bracketed[1].match(/\d+/g) ?? []).map(Number);
    return { kind: "marker", length: bracketed[0].length, ids };
  }
  const hashed = HASHED.exec(rest);
  if (hashed?.[1] !== undefined)
    return { kind: "marker", length: hashed[0].length, ids: [Number(hashed[1])] };
  if (BRACKETED_PREFIX.test(rest) || HASHED_PREFIX.test(rest)) return { kind: "partial" };
  return { kind: "text" };
}

/**
 * Rewrites citation markers in a stream of text. `push` returns what can be shown now; `end`
 * flushes what was held back. Valid ids are `0 ≤ n < passageCount`.
 */
export class CitationRewriter {
  private pending = "";
  private readonly cited = new Set<number>();

  constructor(private readonly passageCount: number) {}

  /** The passage numbers cited so far, in order of first appearance. */
  get citedIds(): number[] {
    return [...this.cited];
  }

  push(delta: string): string {
    this.pending += delta;
    return this.drain(false);
  }

  end(): string {
    return this.drain(true);
  }

  private drain(isFinal: boolean): string {
    const text = this.pending;
    let out = "";
    let i = 0;
    while (i < text.length) {
      const ch = text[i] ?? "";
      if (ch === " " || ch === "\t") {
        // Spaces before a marker that is dropped go with it ("Fridays [ID:42]." → "Fridays.").
        let j = i;
        while (text[j] === " " || text[j] === "\t") j++;
        if (j === text.length && !isFinal) break;
        const next = OPENERS.has(text[j] ?? "") ? readAt(text, j) : undefined;
        if (next?.kind === "partial" && !isFinal) break;
        if (next?.kind === "marker" && next.ids.every((id) => id >= this.passageCount)) {
          i = j + next.length;
          continue;
        }
        out += text.slice(i, j);
        i = j;
        continue;
      }
      if (!OPENERS.has(ch)) {
        out += ch;
        i++;
        continue;
      }
      const step = readAt(text, i);
      if (step.kind === "marker") {
        for (const id of step.ids) {
          if (id < this.passageCount) {
            this.cited.add(id);
            out += `[ID:${id}]`;
          }
        }
        i += step.length;
      } else if (step.kind === "partial" && !isFinal) {
        break;
      } else {
        out += ch;
        i++;
      }
    }
    this.pending = text.slice(i);
    return out;
  }
}

/** The whole-text form of CitationRewriter. */
export function rewriteCitations(text: string, passageCount: number): { text: string; citedIds: number[] } {
  const rewriter = new CitationRewriter(passageCount);
  const out = rewriter.push(text) + rewriter.end();
  return { text: out, citedIds: rewriter.citedIds };
}

/** Removes canonical markers (from past answers put back into a prompt: their numbers meant other passages). */
export function stripCitations(text: string): string {
  return text.replace(/ ?\[ID:\d+\]/g, "");
}

/** The passage numbers an answer cites, in order of first appearance. */
export function citedIdsOf(text: string): number[] {
  const ids = new Set<number>();
  for (const match of text.matchAll(CITATION_PATTERN)) ids.add(Number(match[1]));
  return [...ids];
}

// A sentence ends at . ! ? ; or their CJK forms, or a line break; a decimal point ("82.9") does not end one.
const SENTENCE = /[^.!?;。！？；\n]*(?:[.!?;](?!\d)|[。！？；]|\n|$)/gu;

function sentencesOf(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let last = 0;
  for (const match of text.matchAll(SENTENCE)) {
    if (match[0] === "") continue;
    const start = match.index ?? last;
    spans.push({ start, end: start + match[0].length });
    last = start + match[0].length;
  }
  if (last < text.length) spans.push({ start: last, end: text.length });
  return spans;
}

export type InsertCitationsOptions = {
  /** The knowledge bases' language (stemming); default English. */
  language?: string;
  /** Least share of a sentence's terms a passage must contain to be cited (default 0.5). */
  minOverlap?: number;
};

/**
 * When a model cites nothing, cites for it: each sentence gets the passage that contains the
 * largest share of its terms (stemmed, stop words out) if that share reaches `minOverlap` and at
 * least two terms match — a sentence echoing a passage's facts points at that passage. A second
 * passage is cited too when it matches as well as the first. Markers go before the sentence's
 * closing punctuation.
 */
export function insertCitations(
  answer: string,
  passages: readonly string[],
  options: InsertCitationsOptions = {},
): { text: string; citedIds: number[] } {
  const tokenize: KeywordTokenizer = createKeywordTokenizer({ language: options.language ?? "en" });
  const minOverlap = options.minOverlap ?? 0.5;
  const passageTerms = passages.map((p) => new Set(tokenize(p)));
  const cited = new Set<number>();
  let out = "";
  for (const { start, end } of sentencesOf(answer)) {
    const sentence = answer.slice(start, end);
    const terms = [...new Set(tokenize(sentence))];
    const scored = passageTerms
      .map((set, id) => {
        const hits = terms.filter((t) => set.has(t)).length;
        return { id, hits, share: terms.length > 0 ? hits / terms.length : 0 };
      })
      .filter((s) => s.hits >= Math.min(2, terms.length) && s.hits > 0 && s.share >= minOverlap)
      .sort((a, b) => b.share - a.share || b.hits - a.hits || a.id - b.id);
    const best = scored[0];
    if (!best) {
      out += sentence;
      continue;
    }
    const chosen = scored.filter((s) => s.share >= best.share - 1e-9).slice(0, 2);
    const markers = chosen.map((s) => `[ID:${s.id}]`).join("");
    for (const s of chosen) cited.add(s.id);
    // "… 82,959 million." → "… 82,959 million [ID:0]."
    const tail = /([.!?;。！？；]?\s*)$/u.exec(sentence)?.[1] ?? "";
    const body = sentence.slice(0, sentence.length - tail.length).trimEnd();
    const space = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u.test(body) ? "" : " ";
    out += `${body}${space}${markers}${tail}`;
  }
  return { text: out, citedIds: [...cited] };
}
