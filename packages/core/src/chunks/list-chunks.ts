import { type IndexedChunk, listDocumentChunks } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { loadVisibleDocument } from "../documents/get-document";
import type { Chunk, ChunkList, ListChunksInput } from "../schemas/index";

export function toChunk(c: IndexedChunk): Chunk {
  return {
    id: c.id,
    documentId: c.docId,
    documentName: c.docName,
    kbId: c.kbId,
    content: c.content,
    tokenCount: c.tokenCount,
    importantKeywords: c.importantKeywords,
    questions: c.questions,
    positions: c.positions,
    pageNumbers: c.pageNumbers,
    available: c.available,
    hasVector: c.vectorDim !== null,
    createdAt: c.createdAt.toISOString(),
  };
}

/** A document's chunks in document order, searchable by text, a page at a time. */
export async function listChunks(deps: Deps, input: ListChunksInput & { actor: Actor }): Promise<ChunkList> {
  const { document } = await loadVisibleDocument(deps, input.actor, input.documentId);
  const { total, items } = await listDocumentChunks(deps.database, {
    docId: document.id,
    keywords: input.keywords,
    available: input.available,
    page: input.page,
    pageSize: input.pageSize,
  });
  return { total, items: items.map(toChunk) };
}
