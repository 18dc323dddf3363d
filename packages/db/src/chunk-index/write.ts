/**
 * Writes to the chunk index. Every write runs in one transaction that first locks the documents it
 * touches (`SELECT … FOR UPDATE` on `documents`), so writes to one document are serialised while a
 * search, being one statement over a snapshot, sees a document's chunks either all before or all after.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { affectedRows, type Database } from "../client";
import type { JsonObject, JsonValue } from "../schema/index";
import { ensureChunkIndex, type VectorMode } from "./setup";
import { arrayParam, asNumber, asString, batches, list, queryRows, run, transactionWithRetry } from "./sql";
import { chunkTermFrequencies, type TermFrequencies } from "./terms";
import {
  CHUNK_FIELDS,
  type ChunkFieldTerms,
  type DocumentChunkCounts,
  type IndexChunkInput,
  type TermCounts,
} from "./types";
import { decodeVector, encodeVector, toFloat32, toPgVector } from "./vector-codec";

type ChunkInsert = Database["t"]["chunks"]["$inferInsert"];

type PreparedChunk = {
  row: ChunkInsert & { id: string };
  vector: Float32Array | null;
  terms: Map<string, TermFrequencies>;
  searchable: boolean;
};

type LockedDocument = { id: string; kbId: string; enabled: boolean };

const CHUNK_ID = /^[0-9a-f]{32}$/;
/** Rows per INSERT: chunks carry their text (MySQL's packet limit), postings are narrow. */
const CHUNK_BATCH = 200;
const PG_POSTINGS_BATCH = 20_000;
const MYSQL_POSTINGS_BATCH = 2_000;

/** A fresh random revision (40 bits: sums over a knowledge base stay exact in a double). */
const newRevision = () => Math.floor(Math.random() * 2 ** 40);

function checkChunkId(id: string): void {
  if (!CHUNK_ID.test(id)) throw new RangeError(`chunk id must be 32 lowercase hex characters, got "${id}"`);
}

/**
 * Locks the documents (in id order, so two writers never wait on each other in a cycle) and reads
 * what the index mirrors from them. A missing document is an error: chunks cannot outlive it.
 */
async function lockDocuments(tx: Database, docIds: readonly string[]): Promise<Map<string, LockedDocument>> {
  const ids = [...new Set(docIds)].sort();
  const out = new Map<string, LockedDocument>();
  if (ids.length === 0) return out;
  const doc = tx.t.documents;
  const rows = await tx.db
    .select({ id: doc.id, kbId: doc.kbId, enabled: doc.enabled })
    .from(doc)
    .where(inArray(doc.id, ids))
    .orderBy(asc(doc.id))
    .for("update");
  for (const row of rows) out.set(row.id, row);
  return out;
}

function checkDocument(locked: Map<string, LockedDocument>, kbId: string, docId: string): LockedDocument {
  const doc = locked.get(docId);
  if (!doc) throw new Error(`document ${docId} does not exist`);
  if (doc.kbId !== kbId) {
    throw new Error(`document ${docId} belongs to knowledge base ${doc.kbId}, not ${kbId}`);
  }
  return doc;
}

async function lockDocument(tx: Database, kbId: string, docId: string): Promise<LockedDocument> {
  return checkDocument(await lockDocuments(tx, [docId]), kbId, docId);
}

function prepareChunks(
  kbId: string,
  doc: LockedDocument,
  chunks: readonly IndexChunkInput[],
  mode: VectorMode,
): PreparedChunk[] {
  const seen = new Set<string>();
  const out: PreparedChunk[] = [];
  const now = new Date();
  chunks.forEach((chunk, index) => {
    checkChunkId(chunk.id);
    // The same content twice in one document is one chunk (its id is the hash of the content).
    if (seen.has(chunk.id)) return;
    seen.add(chunk.id);
    const vector = chunk.embedding ? toFloat32(chunk.embedding, `embedding of chunk ${chunk.id}`) : null;
    const available = chunk.available ?? true;
    out.push({
      row: {
        id: chunk.id,
        kbId,
        docId: doc.id,
        docName: chunk.docName,
        content: chunk.content,
        ordinal: chunk.ordinal ?? index,
        tokenCount: Math.max(0, Math.round(chunk.tokenCount)),
        length: Math.max(0, Math.round(chunk.length)),
        importantKeywords: chunk.importantKeywords ?? [],
        questions: chunk.questions ?? [],
        positions: chunk.positions ?? [],
        pageNumbers: chunk.pageNumbers ?? [],
        available,
        documentEnabled: doc.enabled,
        vectorDim: vector ? vector.length : null,
        vectorData: vector && mode === "exact-scan" ? encodeVector(vector) : null,
        createdAt: now,
        updatedAt: now,
      },
      vector,
      terms: chunkTermFrequencies(chunk.fields),
      searchable: available && doc.enabled,
    });
  });
  return out;
}

async function insertPrepared(tx: Database, prepared: PreparedChunk[], mode: VectorMode) {
  for (const batch of batches(prepared, CHUNK_BATCH)) {
    await tx.db.insert(tx.t.chunks).values(batch.map((p) => p.row));
  }
  if (mode === "pgvector") {
    await writePgVectors(
      tx,
      prepared.flatMap((p) => (p.vector ? [{ id: p.row.id, vector: p.vector }] : [])),
    );
  }
  await insertPostings(tx, prepared);
}

async function writePgVectors(tx: Database, items: { id: string; vector: Float32Array }[]): Promise<void> {
  for (const batch of batches(items, 500)) {
    await run(
      tx,
      sql`UPDATE chunks SET embedding = x.v::vector, vector_dim = x.dim, vector_data = NULL
          FROM unnest(${arrayParam(batch.map((i) => i.id))}::text[],
                      ${arrayParam(batch.map((i) => toPgVector(i.vector)))}::text[],
                      ${arrayParam(batch.map((i) => i.vector.length))}::int4[]) AS x(id, v, dim)
          WHERE chunks.id = x.id`,
    );
  }
}

async function insertPostings(tx: Database, prepared: PreparedChunk[]): Promise<void> {
  type Posting = { kbId: string; term: string; chunk: PreparedChunk; tf: TermFrequencies };
  const postings: Posting[] = [];
  for (const chunk of prepared) {
    for (const [term, tf] of chunk.terms) postings.push({ kbId: chunk.row.kbId, term, chunk, tf });
  }
  // In primary-key order: B-tree inserts then append to the same pages instead of landing all over the
  // index, which made bulk inserts into PGlite 2–3× faster.
  const byKey = (a: Posting, b: Posting) =>
    a.kbId < b.kbId
      ? -1
      : a.kbId > b.kbId
        ? 1
        : a.term < b.term
          ? -1
          : a.term > b.term
            ? 1
            : a.chunk.row.id < b.chunk.row.id
              ? -1
              : 1;
  postings.sort(byKey);
  const kbIds = postings.map((p) => p.kbId);
  const terms = postings.map((p) => p.term);
  const chunkIds = postings.map((p) => p.chunk.row.id);
  const tfs = [
    postings.map((p) => p.tf.content),
    postings.map((p) => p.tf.title),
    postings.map((p) => p.tf.keywords),
    postings.map((p) => p.tf.questions),
  ] as const;
  const lengths = postings.map((p) => p.chunk.row.length ?? 0);
  const searchable = postings.map((p) => (p.chunk.searchable ? 1 : 0));
  if (tx.dialect !== "mysql") {
    // One statement per 20 000 postings: unnest() over array parameters is ~10× faster than
    // json_to_recordset in PGlite and has no 65 535-parameter limit.
    for (let start = 0; start < terms.length; start += PG_POSTINGS_BATCH) {
      const end = start + PG_POSTINGS_BATCH;
      const slice = <T>(values: T[]) => arrayParam(values.slice(start, end));
      await run(
        tx,
        sql`INSERT INTO chunk_postings
              (kb_id, term, chunk_id, tf_content, tf_title, tf_keywords, tf_questions, length, searchable)
            SELECT x.kb_id, x.term, x.chunk_id, x.a, x.b, x.c, x.e, x.len, x.s <> 0
            FROM unnest(${slice(kbIds)}::text[], ${slice(terms)}::text[], ${slice(chunkIds)}::text[],
                        ${slice(tfs[0])}::int2[],
                        ${slice(tfs[1])}::int2[], ${slice(tfs[2])}::int2[], ${slice(tfs[3])}::int2[],
                        ${slice(lengths)}::int4[], ${slice(searchable)}::int2[])
                 AS x(kb_id, term, chunk_id, a, b, c, e, len, s)`,
      );
    }
    return;
  }
  for (let start = 0; start < terms.length; start += MYSQL_POSTINGS_BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(terms.length, start + MYSQL_POSTINGS_BATCH); i++) {
      rows.push(
        sql`(${kbIds[i]}, ${terms[i]}, ${chunkIds[i]}, ${tfs[0][i]}, ${tfs[1][i]}, ${tfs[2][i]}, ${tfs[3][i]}, ${lengths[i]}, ${searchable[i]})`,
      );
    }
    await run(
      tx,
      sql`INSERT INTO chunk_postings
            (kb_id, term, chunk_id, tf_content, tf_title, tf_keywords, tf_questions, length, searchable)
          VALUES ${sql.join(rows, sql`, `)}`,
    );
  }
}

/**
 * Recomputes the statistics rows of these documents from their chunks (N, lengths and token counts
 * that BM25 and the counters read) and gives each a new revision, which tells exact-scan vector caches
 * that the document changed.
 */
async function refreshDocumentStats(
  tx: Database,
  docs: Iterable<LockedDocument>,
): Promise<Map<string, DocumentChunkCounts>> {
  const docList = [...docs];
  const counts = new Map<string, DocumentChunkCounts>(
    docList.map((doc) => [doc.id, { chunkCount: 0, tokenCount: 0 }]),
  );
  if (docList.length === 0) return counts;
  const ids = docList.map((doc) => doc.id);
  const c = tx.t.chunks;
  const searchable = sql`${c.available} AND ${c.documentEnabled}`;
  const rows = [];
  for (const batch of batches(ids, 1000)) {
    const part = await tx.db
      .select({
        docId: c.docId,
        chunkCount: sql<number>`COUNT(*)`,
        tokenCount: sql<number>`COALESCE(SUM(${c.tokenCount}), 0)`,
        searchableCount: sql<number>`COALESCE(SUM(CASE WHEN ${searchable} THEN 1 ELSE 0 END), 0)`,
        searchableLength: sql<number>`COALESCE(SUM(CASE WHEN ${searchable} THEN ${c.length} ELSE 0 END), 0)`,
      })
      .from(c)
      .where(inArray(c.docId, batch))
      .groupBy(c.docId);
    rows.push(...part);
  }
  const stats = tx.t.chunkDocuments;
  for (const batch of batches(ids, 1000)) await tx.db.delete(stats).where(inArray(stats.docId, batch));
  const byDoc = new Map(docList.map((doc) => [doc.id, doc]));
  const now = new Date();
  const values = rows.flatMap((row) => {
    const doc = byDoc.get(row.docId);
    if (!doc) return [];
    return [
      {
        docId: row.docId,
        kbId: doc.kbId,
        chunkCount: asNumber(row.chunkCount),
        tokenCount: asNumber(row.tokenCount),
        searchableCount: asNumber(row.searchableCount),
        searchableLength: asNumber(row.searchableLength),
        revision: newRevision(),
        createdAt: now,
        updatedAt: now,
      },
    ];
  });
  for (const batch of batches(values, 1000)) await tx.db.insert(stats).values(batch);
  for (const value of values) {
    counts.set(value.docId, { chunkCount: value.chunkCount, tokenCount: value.tokenCount });
  }
  return counts;
}

async function countsOf(tx: Database, docId: string): Promise<DocumentChunkCounts> {
  const stats = tx.t.chunkDocuments;
  const [row] = await tx.db
    .select({ chunkCount: stats.chunkCount, tokenCount: stats.tokenCount })
    .from(stats)
    .where(eq(stats.docId, docId));
  return { chunkCount: row?.chunkCount ?? 0, tokenCount: row?.tokenCount ?? 0 };
}

type Replacement = { doc: LockedDocument; chunks: readonly IndexChunkInput[] };

async function replaceLocked(
  tx: Database,
  items: readonly Replacement[],
  mode: VectorMode,
): Promise<Map<string, DocumentChunkCounts>> {
  const prepared = items.flatMap((item) => prepareChunks(item.doc.kbId, item.doc, item.chunks, mode));
  const c = tx.t.chunks;
  // Postings go with their chunks (ON DELETE CASCADE).
  for (const batch of batches(
    items.map((item) => item.doc.id),
    1000,
  )) {
    await tx.db.delete(c).where(inArray(c.docId, batch));
  }
  await insertPrepared(tx, prepared, mode);
  return refreshDocumentStats(
    tx,
    items.map((item) => item.doc),
  );
}

export type DocumentReplacement = { kbId: string; docId: string; chunks: readonly IndexChunkInput[] };

/**
 * Replaces all chunks of a document (its postings, statistics and vectors with them) in one transaction:
 * a concurrent search sees the old chunks or the new ones, never a mix and never none. Chunks of a
 * disabled document are written unavailable (documents.enabled is read under the lock).
 */
export async function replaceDocumentChunks(
  d: Database,
  q: DocumentReplacement,
): Promise<DocumentChunkCounts> {
  const [counts] = await replaceDocumentsChunks(d, { documents: [q] });
  return { chunkCount: counts?.chunkCount ?? 0, tokenCount: counts?.tokenCount ?? 0 };
}

/**
 * replaceDocumentChunks for many documents in one transaction and a handful of statements: the way to
 * index many small documents (one SciFact abstract is one chunk) without paying a transaction and
 * seven round trips for each. Each document still swaps atomically.
 */
export async function replaceDocumentsChunks(
  d: Database,
  q: { documents: readonly DocumentReplacement[] },
): Promise<({ docId: string } & DocumentChunkCounts)[]> {
  const docIds = q.documents.map((item) => item.docId);
  if (new Set(docIds).size !== docIds.length) throw new Error("a document appears twice in one replacement");
  if (docIds.length === 0) return [];
  const { vectorMode: mode } = await ensureChunkIndex(d);
  const counts = await transactionWithRetry(d, async (tx) => {
    const locked = await lockDocuments(tx, docIds);
    const items = q.documents.map((item) => ({
      doc: checkDocument(locked, item.kbId, item.docId),
      chunks: item.chunks,
    }));
    return replaceLocked(tx, items, mode);
  });
  return docIds.map((docId) => ({ docId, chunkCount: 0, tokenCount: 0, ...counts.get(docId) }));
}

/**
 * Adds or replaces some chunks of a document, leaving its other chunks alone (manual chunks, edits).
 * `removeIds` are deleted in the same transaction: an edit changes the content, hence the id.
 */
export async function upsertChunks(
  d: Database,
  q: { kbId: string; docId: string; chunks: readonly IndexChunkInput[]; removeIds?: readonly string[] },
): Promise<DocumentChunkCounts> {
  const { vectorMode: mode } = await ensureChunkIndex(d);
  return transactionWithRetry(d, async (tx) => {
    const doc = await lockDocument(tx, q.kbId, q.docId);
    const prepared = prepareChunks(q.kbId, doc, q.chunks, mode);
    const ids = [...new Set([...prepared.map((p) => p.row.id), ...(q.removeIds ?? [])])];
    const c = tx.t.chunks;
    for (const batch of batches(ids, 1000)) {
      await tx.db.delete(c).where(and(eq(c.docId, doc.id), inArray(c.id, batch)));
    }
    await insertPrepared(tx, prepared, mode);
    const counts = await refreshDocumentStats(tx, [doc]);
    return counts.get(doc.id) ?? { chunkCount: 0, tokenCount: 0 };
  });
}

// ——— Page-range runs ———————————————————————————————————————————————————————————————————————————

function termCountsToJson(counts: TermCounts | undefined): JsonObject {
  const out: JsonObject = {};
  if (!counts) return out;
  const entries = counts instanceof Map ? counts.entries() : Object.entries(counts);
  for (const [term, tf] of entries) out[term] = tf;
  return out;
}

function stagePayload(chunk: IndexChunkInput, ordinal: number): JsonObject {
  const fields: JsonObject = {};
  for (const field of CHUNK_FIELDS) fields[field] = termCountsToJson(chunk.fields[field]);
  const vector = chunk.embedding ? toFloat32(chunk.embedding, `embedding of chunk ${chunk.id}`) : null;
  const payload: Record<string, JsonValue> = {
    id: chunk.id,
    content: chunk.content,
    docName: chunk.docName,
    tokenCount: chunk.tokenCount,
    length: chunk.length,
    fields,
    embedding: vector ? encodeVector(vector) : null,
    positions: chunk.positions ?? [],
    pageNumbers: chunk.pageNumbers ?? [],
    importantKeywords: chunk.importantKeywords ?? [],
    questions: chunk.questions ?? [],
    available: chunk.available ?? true,
    ordinal: chunk.ordinal ?? ordinal,
  };
  return payload;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.map(asNumber) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(asString) : []);

function termCountsFromJson(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isObject(value)) return out;
  for (const [term, tf] of Object.entries(value)) out[term] = asNumber(tf);
  return out;
}

function chunkFromPayload(payload: unknown): IndexChunkInput {
  // MariaDB keeps JSON as text; drizzle parses it, but a string here would still be valid JSON.
  const p: unknown = typeof payload === "string" ? JSON.parse(payload) : payload;
  if (!isObject(p)) throw new Error("staged chunk payload is not an object");
  const fieldsRaw = isObject(p.fields) ? p.fields : {};
  const fields: ChunkFieldTerms = {
    content: termCountsFromJson(fieldsRaw.content),
    title: termCountsFromJson(fieldsRaw.title),
    keywords: termCountsFromJson(fieldsRaw.keywords),
    questions: termCountsFromJson(fieldsRaw.questions),
  };
  return {
    id: asString(p.id),
    content: asString(p.content),
    docName: asString(p.docName),
    tokenCount: asNumber(p.tokenCount),
    length: asNumber(p.length),
    fields,
    embedding: typeof p.embedding === "string" ? decodeVector(p.embedding) : null,
    positions: Array.isArray(p.positions) ? p.positions.map(numbers) : [],
    pageNumbers: numbers(p.pageNumbers),
    importantKeywords: strings(p.importantKeywords),
    questions: strings(p.questions),
    available: p.available !== false,
    ordinal: asNumber(p.ordinal),
  };
}

/**
 * Stages chunks of one run of a document (a page-range task) without showing them to anyone: searches
 * keep serving the previous chunks until publishDocumentRun swaps the whole run in at once. Idempotent:
 * a retried task that stages the same chunks again changes nothing. Give chunks ordinals that sort
 * across tasks (e.g. fromPage × 100 000 + index).
 */
export async function appendDocumentChunks(
  d: Database,
  q: { kbId: string; docId: string; runId: string; chunks: readonly IndexChunkInput[] },
): Promise<number> {
  const payloads = new Map<string, JsonObject>();
  q.chunks.forEach((chunk, index) => {
    checkChunkId(chunk.id);
    if (!payloads.has(chunk.id)) payloads.set(chunk.id, stagePayload(chunk, index));
  });
  return transactionWithRetry(d, async (tx) => {
    await lockDocument(tx, q.kbId, q.docId);
    const stage = tx.t.chunkStage;
    const existing = new Set<string>();
    for (const batch of batches([...payloads.keys()], 1000)) {
      const rows = await tx.db
        .select({ chunkId: stage.chunkId })
        .from(stage)
        .where(and(eq(stage.runId, q.runId), inArray(stage.chunkId, batch)));
      for (const row of rows) existing.add(row.chunkId);
    }
    const now = new Date();
    const values = [...payloads]
      .filter(([id]) => !existing.has(id))
      .map(([chunkId, payload]) => ({
        runId: q.runId,
        chunkId,
        docId: q.docId,
        kbId: q.kbId,
        payload,
        createdAt: now,
        updatedAt: now,
      }));
    for (const batch of batches(values, CHUNK_BATCH)) await tx.db.insert(stage).values(batch);
    return values.length;
  });
}

/**
 * Makes a staged run the document's chunks, atomically: the previous chunks disappear and the run's
 * appear in one commit. Call it once every task of the run is done; the staged rows are consumed.
 */
export async function publishDocumentRun(
  d: Database,
  q: { kbId: string; docId: string; runId: string },
): Promise<DocumentChunkCounts> {
  const [counts] = await publishDocumentRuns(d, { runs: [q] });
  return { chunkCount: counts?.chunkCount ?? 0, tokenCount: counts?.tokenCount ?? 0 };
}

/**
 * publishDocumentRun for many documents in one transaction (a roll-up that finds several documents
 * done at once): one set of statements instead of a transaction per document.
 */
export async function publishDocumentRuns(
  d: Database,
  q: { runs: readonly { kbId: string; docId: string; runId: string }[] },
): Promise<({ docId: string } & DocumentChunkCounts)[]> {
  const docIds = q.runs.map((r) => r.docId);
  if (new Set(docIds).size !== docIds.length) throw new Error("a document appears twice in one publication");
  if (docIds.length === 0) return [];
  const { vectorMode: mode } = await ensureChunkIndex(d);
  const counts = await transactionWithRetry(d, async (tx) => {
    const locked = await lockDocuments(tx, docIds);
    const stage = tx.t.chunkStage;
    const items: Replacement[] = [];
    for (const run of q.runs) {
      const doc = checkDocument(locked, run.kbId, run.docId);
      const staged = await tx.db
        .select({ payload: stage.payload })
        .from(stage)
        .where(and(eq(stage.docId, run.docId), eq(stage.runId, run.runId)));
      const chunks = staged.map((row) => chunkFromPayload(row.payload));
      chunks.sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0) || (a.id < b.id ? -1 : 1));
      items.push({ doc, chunks });
    }
    const result = await replaceLocked(tx, items, mode);
    for (const run of q.runs) {
      await tx.db.delete(stage).where(and(eq(stage.docId, run.docId), eq(stage.runId, run.runId)));
    }
    return result;
  });
  return docIds.map((docId) => ({ docId, chunkCount: 0, tokenCount: 0, ...counts.get(docId) }));
}

/** Drops a run's staged chunks (cancel, failure); without runId, every staged run of the document. */
export async function discardDocumentRun(d: Database, q: { docId: string; runId?: string }): Promise<number> {
  const stage = d.t.chunkStage;
  const result = await d.db
    .delete(stage)
    .where(and(eq(stage.docId, q.docId), q.runId === undefined ? undefined : eq(stage.runId, q.runId)));
  return affectedRows(result);
}

// ——— Deletes, switches, embeddings ————————————————————————————————————————————————————————————

/** Removes every chunk of a document from the index; returns how many there were. */
export async function deleteDocumentChunks(d: Database, q: { docId: string }): Promise<number> {
  return transactionWithRetry(d, async (tx) => {
    const docs = await lockDocuments(tx, [q.docId]);
    const before = await countsOf(tx, q.docId);
    await tx.db.delete(tx.t.chunks).where(eq(tx.t.chunks.docId, q.docId));
    await refreshDocumentStats(tx, docs.values());
    return before.chunkCount;
  });
}

async function documentsOfChunks(tx: Database, chunkIds: readonly string[]): Promise<string[]> {
  const c = tx.t.chunks;
  const docIds = new Set<string>();
  for (const batch of batches([...new Set(chunkIds)], 1000)) {
    const rows = await tx.db.selectDistinct({ docId: c.docId }).from(c).where(inArray(c.id, batch));
    for (const row of rows) docIds.add(row.docId);
  }
  return [...docIds];
}

/** Deletes these chunks (any documents); returns how many existed. */
export async function deleteChunks(d: Database, q: { chunkIds: readonly string[] }): Promise<number> {
  if (q.chunkIds.length === 0) return 0;
  return transactionWithRetry(d, async (tx) => {
    const docs = await lockDocuments(tx, await documentsOfChunks(tx, q.chunkIds));
    const c = tx.t.chunks;
    let deleted = 0;
    for (const batch of batches([...new Set(q.chunkIds)], 1000)) {
      deleted += affectedRows(await tx.db.delete(c).where(inArray(c.id, batch)));
    }
    await refreshDocumentStats(tx, docs.values());
    return deleted;
  });
}

/** The chunk switch of the UI. Returns the number of chunks found. */
export async function setChunksAvailable(
  d: Database,
  q: { chunkIds: readonly string[]; available: boolean },
): Promise<number> {
  if (q.chunkIds.length === 0) return 0;
  return transactionWithRetry(d, async (tx) => {
    const docs = await lockDocuments(tx, await documentsOfChunks(tx, q.chunkIds));
    const c = tx.t.chunks;
    const p = tx.t.chunkPostings;
    let found = 0;
    for (const batch of batches([...new Set(q.chunkIds)], 1000)) {
      const rows = await tx.db
        .select({ id: c.id, documentEnabled: c.documentEnabled })
        .from(c)
        .where(inArray(c.id, batch));
      found += rows.length;
      await tx.db.update(c).set({ available: q.available }).where(inArray(c.id, batch));
      // A disabled document's postings stay unsearchable whatever the chunk switch says.
      const enabledIds = rows.filter((row) => row.documentEnabled).map((row) => row.id);
      if (enabledIds.length > 0) {
        await tx.db.update(p).set({ searchable: q.available }).where(inArray(p.chunkId, enabledIds));
      }
    }
    await refreshDocumentStats(tx, docs.values());
    return found;
  });
}

/**
 * Mirrors documents.enabled into the index. Call it in the transaction that changes documents.enabled,
 * after that update: re-indexing reads documents.enabled, so a disabled document never comes back.
 * Chunk switches are kept: re-enabling the document restores each chunk's own state.
 */
export async function setDocumentChunksAvailable(
  d: Database,
  q: { docId: string; available: boolean },
): Promise<number> {
  return transactionWithRetry(d, async (tx) => {
    const docs = await lockDocuments(tx, [q.docId]);
    const c = tx.t.chunks;
    const p = tx.t.chunkPostings;
    const found = affectedRows(
      await tx.db.update(c).set({ documentEnabled: q.available }).where(eq(c.docId, q.docId)),
    );
    const ownSwitchOn = q.available ? and(eq(c.docId, q.docId), eq(c.available, true)) : eq(c.docId, q.docId);
    await tx.db
      .update(p)
      .set({ searchable: q.available })
      .where(inArray(p.chunkId, tx.db.select({ id: c.id }).from(c).where(ownSwitchOn)));
    await refreshDocumentStats(tx, docs.values());
    return found;
  });
}

/** Keeps the denormalised document name of the chunks in step with a rename. */
export async function renameDocumentChunks(
  d: Database,
  q: { docId: string; docName: string },
): Promise<void> {
  await d.transaction(async (tx) => {
    await tx.db.update(tx.t.chunks).set({ docName: q.docName }).where(eq(tx.t.chunks.docId, q.docId));
    // A new revision: the in-memory keyword index keeps document names (docAggs) and reloads on it.
    const stats = tx.t.chunkDocuments;
    await tx.db.update(stats).set({ revision: newRevision() }).where(eq(stats.docId, q.docId));
  });
}

/**
 * Stores embeddings of chunks already indexed (embedding lags keyword indexing: a document is searchable
 * by keyword long before the encoder is through). Returns the number of chunks updated.
 */
export async function setChunkEmbeddings(
  d: Database,
  q: { embeddings: readonly { chunkId: string; embedding: ArrayLike<number> }[] },
): Promise<number> {
  if (q.embeddings.length === 0) return 0;
  const { vectorMode: mode } = await ensureChunkIndex(d);
  const items = q.embeddings.map((e) => ({
    id: e.chunkId,
    vector: toFloat32(e.embedding, `embedding of chunk ${e.chunkId}`),
  }));
  return transactionWithRetry(d, async (tx) => {
    const docs = await lockDocuments(
      tx,
      await documentsOfChunks(
        tx,
        items.map((i) => i.id),
      ),
    );
    const c = tx.t.chunks;
    let updated = 0;
    if (mode === "pgvector") {
      await writePgVectors(tx, items);
    } else if (tx.dialect !== "mysql") {
      for (const batch of batches(items, 500)) {
        await run(
          tx,
          sql`UPDATE chunks SET vector_data = x.v, vector_dim = x.dim
              FROM unnest(${arrayParam(batch.map((i) => i.id))}::text[],
                          ${arrayParam(batch.map((i) => encodeVector(i.vector)))}::text[],
                          ${arrayParam(batch.map((i) => i.vector.length))}::int4[]) AS x(id, v, dim)
              WHERE chunks.id = x.id`,
        );
      }
    } else {
      for (const item of items) {
        await tx.db
          .update(c)
          .set({ vectorDim: item.vector.length, vectorData: encodeVector(item.vector) })
          .where(eq(c.id, item.id));
      }
    }
    for (const batch of batches(items, 1000)) {
      const rows = await queryRows(
        tx,
        sql`SELECT COUNT(*) AS n FROM chunks WHERE id IN (${list(batch.map((i) => i.id))})`,
      );
      updated += asNumber(rows[0]?.n);
    }
    const stats = tx.t.chunkDocuments;
    for (const doc of docs.values()) {
      await tx.db.update(stats).set({ revision: newRevision() }).where(eq(stats.docId, doc.id));
    }
    return updated;
  });
}
