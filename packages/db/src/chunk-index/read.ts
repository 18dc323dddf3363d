/** Reading chunks back: by id (after a search), per document (the chunk list screen), and counters. */
import { and, asc, count, eq, inArray, isNull, like, sql } from "drizzle-orm";
import type { Database } from "../client";
import { likePattern } from "../queries/knowledge-bases";
import { asNumber, batches } from "./sql";
import type { DocumentChunkCounts, IndexedChunk } from "./types";

/** Every column but the stored vector, which nothing outside the index needs to read. */
function chunkColumns(d: Database) {
  const c = d.t.chunks;
  return {
    id: c.id,
    kbId: c.kbId,
    docId: c.docId,
    docName: c.docName,
    content: c.content,
    ordinal: c.ordinal,
    tokenCount: c.tokenCount,
    length: c.length,
    importantKeywords: c.importantKeywords,
    questions: c.questions,
    positions: c.positions,
    pageNumbers: c.pageNumbers,
    available: c.available,
    documentEnabled: c.documentEnabled,
    vectorDim: c.vectorDim,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** The chunks with these ids, in the order asked; ids that no longer exist are left out. */
export async function getChunks(d: Database, ids: readonly string[]): Promise<IndexedChunk[]> {
  const byId = new Map<string, IndexedChunk>();
  for (const batch of batches([...new Set(ids)], 1000)) {
    const rows = await d.db.select(chunkColumns(d)).from(d.t.chunks).where(inArray(d.t.chunks.id, batch));
    for (const row of rows) byId.set(row.id, row);
  }
  return ids.flatMap((id) => {
    const chunk = byId.get(id);
    return chunk ? [chunk] : [];
  });
}

export type ListDocumentChunksQuery = {
  docId: string;
  /** Case-insensitive substring of the content. */
  keywords?: string | undefined;
  /** Only enabled (true) or disabled (false) chunks. */
  available?: boolean | undefined;
  page: number;
  pageSize: number;
};

/** A document's chunks in document order, a page at a time. */
export async function listDocumentChunks(
  d: Database,
  q: ListDocumentChunksQuery,
): Promise<{ total: number; items: IndexedChunk[] }> {
  const c = d.t.chunks;
  const where = and(
    eq(c.docId, q.docId),
    q.keywords ? like(sql`lower(${c.content})`, likePattern(q.keywords.toLowerCase())) : undefined,
    q.available === undefined ? undefined : eq(c.available, q.available),
  );
  const [items, totals] = await Promise.all([
    d.db
      .select(chunkColumns(d))
      .from(c)
      .where(where)
      .orderBy(asc(c.ordinal), asc(c.id))
      .limit(q.pageSize)
      .offset((Math.max(1, q.page) - 1) * q.pageSize),
    d.db.select({ n: count() }).from(c).where(where),
  ]);
  return { total: Number(totals[0]?.n ?? 0), items };
}

/** Chunk and token totals of some knowledge bases and/or documents (what the KB and document counters show). */
export async function countChunks(
  d: Database,
  q: { kbIds?: readonly string[]; docIds?: readonly string[] },
): Promise<DocumentChunkCounts> {
  const s = d.t.chunkDocuments;
  if (q.kbIds?.length === 0 || q.docIds?.length === 0) return { chunkCount: 0, tokenCount: 0 };
  const [row] = await d.db
    .select({
      chunkCount: sql<number>`COALESCE(SUM(${s.chunkCount}), 0)`,
      tokenCount: sql<number>`COALESCE(SUM(${s.tokenCount}), 0)`,
    })
    .from(s)
    .where(
      and(
        q.kbIds ? inArray(s.kbId, [...q.kbIds]) : undefined,
        q.docIds ? inArray(s.docId, [...q.docIds]) : undefined,
      ),
    );
  return { chunkCount: asNumber(row?.chunkCount), tokenCount: asNumber(row?.tokenCount) };
}

/**
 * DONE documents that still hold chunks without a vector, with their knowledge base's embedding
 * model: what a process that stopped before embedding them left behind (workers resume it at start).
 */
export async function findDocumentsMissingVectors(
  d: Database,
  limit = 100_000,
): Promise<{ docId: string; embeddingModel: string }[]> {
  const c = d.t.chunks;
  const doc = d.t.documents;
  const kb = d.t.knowledgeBases;
  return d.db
    .selectDistinct({ docId: c.docId, embeddingModel: kb.embeddingModel })
    .from(c)
    .innerJoin(doc, eq(doc.id, c.docId))
    .innerJoin(kb, eq(kb.id, c.kbId))
    .where(and(isNull(c.vectorDim), eq(doc.run, "DONE")))
    .limit(limit);
}
