import type { ParsedDocument } from "../parse/types";
import { countTokens } from "../tokenize/count-tokens";
import type { Chunk, ChunkConfig } from "./types";
import { documentUnits, type Unit } from "./units";

type Pair = { question: string; answer: string; pages: number[] };

const HEADER_WORDS =
  /^(q|question|questions|query|prompt|问题|问|a|answer|answers|response|réponse|reponse|答案|答)$/i;
const Q_LINE = /^\s*(?:q|question|问|问题)\s*[:：.)]\s*/i;
const A_LINE = /^\s*(?:a|answer|答|答案|réponse|reponse)\s*[:：.)]\s*/i;

/** Rows of a sheet or table: first column the question, the rest the answer. */
function pairsFromRows(units: Unit[]): Pair[] {
  const pairs: Pair[] = [];
  for (const u of units) {
    if (u.kind !== "row" || !u.cells) continue;
    const [question = "", ...rest] = u.cells;
    const answer = rest.filter((c) => c !== "").join(" ");
    if (question === "" || answer === "") continue;
    // A header row titled "Question | Answer" is not a pair; an untitled first row is.
    if (u.isHeader && u.cells.every((c) => HEADER_WORDS.test(c.trim()))) continue;
    pairs.push({ question, answer, pages: [u.page] });
  }
  return pairs;
}

/** "Q: … A: …" blocks of text, answers running until the next question. */
function pairsFromMarkers(units: Unit[]): Pair[] {
  const pairs: Pair[] = [];
  let current: { q: string[]; a: string[]; pages: Set<number>; isInAnswer: boolean } | undefined;
  const close = () => {
    if (current && current.a.length > 0) {
      pairs.push({ question: current.q.join("\n"), answer: current.a.join("\n"), pages: [...current.pages] });
    }
  };
  for (const u of units) {
    for (const line of u.text.split("\n")) {
      if (Q_LINE.test(line)) {
        close();
        current = { q: [line.replace(Q_LINE, "")], a: [], pages: new Set([u.page]), isInAnswer: false };
      } else if (current && A_LINE.test(line)) {
        current.isInAnswer = true;
        current.a.push(line.replace(A_LINE, ""));
        current.pages.add(u.page);
      } else if (current && line.trim() !== "") {
        (current.isInAnswer ? current.a : current.q).push(line);
        current.pages.add(u.page);
      }
    }
  }
  close();
  return pairs;
}

/** Headings as questions, the text under each as its answer (RAGFlow's Markdown/Word QA). */
function pairsFromHeadings(units: Unit[]): Pair[] {
  const pairs: Pair[] = [];
  let current: Pair | undefined;
  for (const u of units) {
    if (u.kind === "heading") {
      if (current?.answer) pairs.push(current);
      current = { question: u.text, answer: "", pages: [u.page] };
    } else if (current) {
      current.answer = current.answer ? `${current.answer}\n${u.text}` : u.text;
      if (!current.pages.includes(u.page)) current.pages.push(u.page);
    }
  }
  if (current?.answer) pairs.push(current);
  return pairs;
}

/**
 * Question/answer documents: pairs come from table rows (sheets, CSV), else from "Q:/A:" markers,
 * else from headings and the text under them. Each pair is one chunk whatever its length — a
 * split answer would be retrieved without its question.
 */
export function chunkQa(doc: ParsedDocument, _config: ChunkConfig): Chunk[] {
  const units = documentUnits(doc);
  let pairs = pairsFromRows(units);
  if (pairs.length === 0) pairs = pairsFromMarkers(units);
  if (pairs.length === 0) pairs = pairsFromHeadings(units);
  return pairs.map(({ question, answer, pages }) => {
    const content = `Question: ${question}\nAnswer: ${answer}`;
    return {
      content,
      tokens: countTokens(content),
      pageNumbers: [...pages].sort((a, b) => a - b),
      positions: [],
      question,
      answer,
    };
  });
}
