import type { KeywordTokenizer } from "@ragtime/rag";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/**
 * The content with every word whose keyword term is one of the query's wrapped in `<em>…</em>`.
 * The rest is HTML-escaped, so a client may render the string as HTML without trusting the document.
 * Words are found with the same segmenter and tokenizer as indexing, so "revenues" lights up for a
 * question about "revenue".
 */
export function highlightContent(
  content: string,
  queryTerms: ReadonlySet<string>,
  tokenize: KeywordTokenizer,
  language: string,
): string {
  if (queryTerms.size === 0) return escapeHtml(content);
  const segmenter = new Intl.Segmenter(language, { granularity: "word" });
  let out = "";
  for (const { segment, isWordLike } of segmenter.segment(content)) {
    const hit = isWordLike && tokenize(segment).some((term) => queryTerms.has(term));
    out += hit ? `<em>${escapeHtml(segment)}</em>` : escapeHtml(segment);
  }
  return out;
}
