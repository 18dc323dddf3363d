import type { KeywordTokenizer } from "@ragtime/rag";

/**
 * The content with every word whose keyword term is one of the query's wrapped in `<em>…</em>`.
 * The rest is the content as is — plain text with markers, NOT HTML: a client splits on the two
 * tags (as the web app does) or escapes the text before rendering it as HTML. Escaping here would
 * show `&amp;` to every client that renders text. Words are found with the same segmenter and
 * tokenizer as indexing, so "revenues" lights up for a question about "revenue".
 */
export function highlightContent(
  content: string,
  queryTerms: ReadonlySet<string>,
  tokenize: KeywordTokenizer,
  language: string,
): string {
  if (queryTerms.size === 0) return content;
  const segmenter = new Intl.Segmenter(language, { granularity: "word" });
  let out = "";
  for (const { segment, isWordLike } of segmenter.segment(content)) {
    const hit = isWordLike && tokenize(segment).some((term) => queryTerms.has(term));
    out += hit ? `<em>${segment}</em>` : segment;
  }
  return out;
}
