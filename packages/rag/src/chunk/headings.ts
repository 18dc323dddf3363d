import type { Unit } from "./units";

/** A unit recognised as a heading: its depth, and whether its text also belongs to the body. */
export type HeadingMatch = { level: number; isKeptInBody?: boolean };
export type HeadingDetector = (unit: Unit) => HeadingMatch | undefined;

const CN_NUM = "[一二三四五六七八九十百千零〇两\\d]+";
const isShort = (u: Unit, max = 120) => u.text.length <= max && !u.text.includes("\n");

/** Headings the parser already knows (Word styles, Markdown #, HTML h1–h6, PDF font sizes). */
export const structuralHeading: HeadingDetector = (u) =>
  u.kind === "heading" ? { level: u.level ?? 1 } : undefined;

/**
 * Numbered section titles in plain text: "2.1 Installing the agent", "3 Results". A single
 * number needs a short title without final punctuation, so numbered steps ("1. Open the lid.")
 * stay body text.
 */
export const numberedHeading: HeadingDetector = (u) => {
  if (u.kind !== "paragraph" || !isShort(u, 100)) return undefined;
  const m = /^(\d+(?:\.\d+){0,4})\.?\s+(\p{Lu}.*)$/u.exec(u.text);
  if (!m?.[1] || !m[2]) return undefined;
  const depth = m[1].split(".").length;
  const words = m[2].split(/\s+/).length;
  if (/[.:;,!?]$/.test(m[2]) || words > (depth === 1 ? 8 : 14)) return undefined;
  return { level: depth };
};

const BOOK_PATTERNS: Array<[RegExp, number]> = [
  [/^(part|book)\s+([ivxlcdm]+|\d+|[a-z]+)\b/i, 1],
  [/^chapter\s+([ivxlcdm]+|\d+|[a-z]+)\b/i, 2],
  [new RegExp(`^第${CN_NUM}[部篇卷]`), 1],
  [new RegExp(`^第${CN_NUM}章`), 2],
  [new RegExp(`^第${CN_NUM}节`), 3],
];

/** "Part II", "Chapter 3", 第三章. */
export const bookHeading: HeadingDetector = (u) => {
  if (u.kind === "row" || !isShort(u, 80)) return undefined;
  for (const [re, level] of BOOK_PATTERNS) if (re.test(u.text)) return { level };
  return undefined;
};

const LAW_PATTERNS: Array<[RegExp, number, boolean]> = [
  [/^(part|title|book)\s+([ivxlcdm]+|\d+|[a-z]+)\b/i, 1, false],
  [/^chapter\s+([ivxlcdm]+|\d+)\b/i, 2, false],
  [/^(section|sec\.)\s+\d+[a-z]?\b(?!\.\d)/i, 3, false],
  [/^(article|art\.)\s*\d+[a-z]?\b|^§\s*\d+/i, 4, true],
  [new RegExp(`^第${CN_NUM}编`), 1, false],
  [new RegExp(`^第${CN_NUM}章`), 2, false],
  [new RegExp(`^第${CN_NUM}节`), 3, false],
  [new RegExp(`^第${CN_NUM}条`), 4, true],
];

/**
 * Legal structure: parts, chapters and sections are context; an article opens its own chunk and
 * its number stays in the text, since people cite "Article 12" and search for it.
 */
export const lawHeading: HeadingDetector = (u) => {
  if (u.kind === "row") return undefined;
  for (const [re, level, isKeptInBody] of LAW_PATTERNS) {
    if (!re.test(u.text)) continue;
    if (!isKeptInBody && !isShort(u)) continue;
    return { level, isKeptInBody };
  }
  return u.kind === "heading" ? { level: Math.min(u.level ?? 1, 3) } : undefined;
};

const PAPER_SECTIONS =
  /^((\d+(\.\d+)*|[ivx]+)\.?\s+)?(introduction|background|related work|preliminaries|method(s|ology)?|approach|model|experiments?|experimental (setup|results)|evaluation|results|discussion|analysis|limitations|conclusions?|future work|acknowledge?ments|references|bibliography|appendix)\b/i;

/** An abstract is its own chunk in a paper, whether styled as a heading or run into its paragraph. */
export const paperHeading: HeadingDetector = (u) => {
  if (u.kind === "row") return undefined;
  if (/^abstract\b/i.test(u.text)) return { level: 1, isKeptInBody: u.kind !== "heading" };
  if (u.kind === "heading") return { level: u.level ?? 1 };
  if (isShort(u, 60) && PAPER_SECTIONS.test(u.text) && !/[.:;,]$/.test(u.text)) return { level: 1 };
  return numberedHeading(u);
};

export const firstMatch =
  (...detectors: HeadingDetector[]): HeadingDetector =>
  (u) => {
    for (const d of detectors) {
      const m = d(u);
      if (m) return m;
    }
    return undefined;
  };
