import { createHash } from "node:crypto";
import type { IndexChunkInput } from "@ragtime/db";
import { createKeywordTokenizer, type KeywordTokenizer } from "@ragtime/rag";

/** Chunk ids are a hash of document and content (SPEC §2): re-indexing the same text is idempotent. */
export function chunkIdOf(docId: string, content: string): string {
  return createHash("sha256").update(docId).update("\u0000").update(content).digest("hex").slice(0, 32);
}

function termCounts(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

export type ChunkText = {
  content: string;
  tokenCount: number;
  positions?: number[][];
  pageNumbers?: number[];
  ordinal?: number;
  importantKeywords?: string[];
  questions?: string[];
  available?: boolean;
};

/**
 * Turns chunk texts of one document into what the chunk index stores: ids, and BM25 terms per
 * field (content, the document's title, important keywords, questions) in the KB's language.
 */
export function indexInputsFor(doc: { id: string; name: string }, language: string) {
  const tokenize: KeywordTokenizer = createKeywordTokenizer({ language });
  const title = termCounts(tokenize(doc.name.replace(/\.[^.]+$/, "")));
  const titleLength = [...title.values()].reduce((a, b) => a + b, 0);
  return (chunk: ChunkText): IndexChunkInput => {
    const content = tokenize(chunk.content);
    const keywords = tokenize((chunk.importantKeywords ?? []).join(" "));
    const questions = tokenize((chunk.questions ?? []).join(" "));
    return {
      id: chunkIdOf(doc.id, chunk.content),
      content: chunk.content,
      docName: doc.name,
      tokenCount: chunk.tokenCount,
      length: content.length + titleLength + keywords.length + questions.length,
      fields: {
        content: termCounts(content),
        title,
        keywords: termCounts(keywords),
        questions: termCounts(questions),
      },
      positions: chunk.positions ?? [],
      pageNumbers: chunk.pageNumbers ?? [],
      importantKeywords: chunk.importantKeywords ?? [],
      questions: chunk.questions ?? [],
      ...(chunk.ordinal === undefined ? {} : { ordinal: chunk.ordinal }),
      ...(chunk.available === undefined ? {} : { available: chunk.available }),
    };
  };
}
