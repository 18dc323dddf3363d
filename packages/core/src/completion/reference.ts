import type { Reference, ReferenceChunk } from "../schemas/chats";
import type { DocAgg, RetrievedChunk } from "../schemas/retrieval";

/** The reference of an answer: the passages it cites (by their [ID:n] number) and per-document counts. */
export function buildReference(passages: readonly RetrievedChunk[], citedIds: readonly number[]): Reference {
  const chunks: ReferenceChunk[] = [];
  for (const index of [...new Set(citedIds)].sort((a, b) => a - b)) {
    const c = passages[index];
    if (!c) continue;
    chunks.push({
      index,
      id: c.id,
      content: c.content,
      documentId: c.documentId,
      documentName: c.documentName,
      kbId: c.kbId,
      positions: c.positions,
      pageNumbers: c.pageNumbers,
      similarity: c.similarity,
      vectorSimilarity: c.vectorSimilarity,
      termSimilarity: c.termSimilarity,
    });
  }
  const aggs = new Map<string, DocAgg>();
  for (const c of chunks) {
    const agg = aggs.get(c.documentId) ?? {
      documentId: c.documentId,
      documentName: c.documentName,
      count: 0,
    };
    agg.count++;
    aggs.set(c.documentId, agg);
  }
  return { chunks, docAggs: [...aggs.values()].sort((a, b) => b.count - a.count) };
}

export const EMPTY_REFERENCE: Reference = { chunks: [], docAggs: [] };
