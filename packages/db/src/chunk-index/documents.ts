/** What retrieval needs of the documents of some knowledge bases: their metadata, for the metadata filter. */
import { inArray } from "drizzle-orm";
import type { Database } from "../client";
import type { JsonObject } from "../schema/index";
import { batches } from "./sql";

export type DocumentMetadataRow = { id: string; kbId: string; name: string; metadata: JsonObject };

/** Every document of these knowledge bases with its metadata (MariaDB's JSON text is parsed). */
export async function listDocumentMetadata(
  d: Database,
  q: { kbIds: readonly string[] },
): Promise<DocumentMetadataRow[]> {
  const doc = d.t.documents;
  const out: DocumentMetadataRow[] = [];
  for (const batch of batches([...new Set(q.kbIds)], 100)) {
    const rows = await d.db
      .select({ id: doc.id, kbId: doc.kbId, name: doc.name, metadata: doc.metadata })
      .from(doc)
      .where(inArray(doc.kbId, batch));
    for (const row of rows) {
      const raw: unknown = typeof row.metadata === "string" ? JSON.parse(row.metadata) : row.metadata;
      const metadata =
        typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as JsonObject) : {};
      out.push({ ...row, metadata });
    }
  }
  return out;
}

export type ChunkDocumentRef = { id: string; docId: string; docName: string; kbId: string };

/** The document of each chunk (no content): enough for per-document counts over many hits. */
export async function getChunkDocuments(d: Database, ids: readonly string[]): Promise<ChunkDocumentRef[]> {
  const c = d.t.chunks;
  const out: ChunkDocumentRef[] = [];
  for (const batch of batches([...new Set(ids)], 1000)) {
    const rows = await d.db
      .select({ id: c.id, docId: c.docId, docName: c.docName, kbId: c.kbId })
      .from(c)
      .where(inArray(c.id, batch));
    out.push(...rows);
  }
  return out;
}
