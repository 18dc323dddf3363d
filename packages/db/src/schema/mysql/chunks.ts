/**
 * The chunk index (SPEC §2 Chunk, §5): passages, their BM25 postings, per-document statistics and the
 * staging area of page-range runs. The design and its reasons are in packages/db/README.md ("Chunk
 * index"); the functions that keep these tables consistent live in src/chunk-index/.
 *
 * MariaDB 10.11 has no VECTOR type: embeddings live in `vectorData` and are scored in the application.
 * The custom migration 0002 switches `chunk_postings.term` to utf8mb4_bin (terms must compare byte for
 * byte as on PostgreSQL; the default collation folds case and accents) and widens `chunks.content` to
 * LONGTEXT and `vector_data` to MEDIUMTEXT (TEXT stops at 64 KiB). drizzle-kit does not see either: a
 * future migration that alters these columns must keep them.
 */
import {
  bigint,
  boolean,
  index,
  int,
  json,
  mysqlTable,
  primaryKey,
  smallint,
  text,
  varchar,
} from "drizzle-orm/mysql-core";
import type { JsonObject } from "../types";
import { ref, timestamps } from "./columns";
import { documents } from "./knowledge";

export const chunks = mysqlTable(
  "chunks",
  {
    /** 32-hex hash of docId + content, computed by the caller: re-indexing the same text is idempotent. */
    id: varchar({ length: 32 }).primaryKey(),
    kbId: ref().notNull(),
    docId: ref()
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    docName: varchar({ length: 255 }).notNull(),
    content: text().notNull(),
    /** Order within the document (listing order). */
    ordinal: int().notNull().default(0),
    tokenCount: int().notNull().default(0),
    /** BM25 length of the chunk (terms over all fields), as the tokenizer counted it. */
    length: int().notNull().default(0),
    importantKeywords: json().$type<string[]>().notNull(),
    questions: json().$type<string[]>().notNull(),
    /** [[page, x0, x1, top, bottom], …] */
    positions: json().$type<number[][]>().notNull(),
    pageNumbers: json().$type<number[]>().notNull(),
    /** The chunk's own switch (chunk enable/disable in the UI). */
    available: boolean().notNull().default(true),
    /** Mirror of documents.enabled: a disabled document's chunks are never retrieved. */
    documentEnabled: boolean().notNull().default(true),
    /** Dimension of the stored embedding; null until the chunk is embedded. */
    vectorDim: int(),
    /** Base64 of little-endian float32s: the exact-scan store (MySQL, PostgreSQL without pgvector). */
    vectorData: text(),
    ...timestamps(),
  },
  (t) => [index("chunks_doc_idx").on(t.docId, t.ordinal), index("chunks_kb_idx").on(t.kbId, t.vectorDim)],
);

/** One row per (term, chunk): the inverted index that BM25 is computed from. */
export const chunkPostings = mysqlTable(
  "chunk_postings",
  {
    kbId: ref().notNull(),
    term: varchar({ length: 64 }).notNull(),
    chunkId: varchar({ length: 32 })
      .notNull()
      .references(() => chunks.id, { onDelete: "cascade" }),
    tfContent: smallint().notNull().default(0),
    tfTitle: smallint().notNull().default(0),
    tfKeywords: smallint().notNull().default(0),
    tfQuestions: smallint().notNull().default(0),
    /** Copy of chunks.length, so scoring never joins chunks. */
    length: int().notNull(),
    /** chunks.available AND chunks.documentEnabled, copied so the scan never joins chunks. */
    searchable: boolean().notNull().default(true),
  },
  (t) => [
    primaryKey({ name: "chunk_postings_pk", columns: [t.kbId, t.term, t.chunkId] }),
    index("chunk_postings_chunk_idx").on(t.chunkId),
  ],
);

/**
 * Per-document statistics. N and the average length of a knowledge base are sums over its rows; being
 * per document (not per KB) they go away with the document by cascade and writers of different
 * documents never contend on one hot row.
 */
export const chunkDocuments = mysqlTable(
  "chunk_documents",
  {
    docId: varchar({ length: 32 })
      .primaryKey()
      .references(() => documents.id, { onDelete: "cascade" }),
    kbId: ref().notNull(),
    chunkCount: int().notNull().default(0),
    tokenCount: bigint({ mode: "number" }).notNull().default(0),
    /** Chunks that searches see (available and document enabled) and the sum of their lengths. */
    searchableCount: int().notNull().default(0),
    searchableLength: bigint({ mode: "number" }).notNull().default(0),
    /** Random token replaced on every write: the exact-scan vector cache compares sums of it. */
    revision: bigint({ mode: "number" }).notNull().default(0),
    ...timestamps(),
  },
  (t) => [index("chunk_documents_kb_idx").on(t.kbId)],
);

/** Chunks of a page-range run not yet published: invisible to every read until publishDocumentRun. */
export const chunkStage = mysqlTable(
  "chunk_stage",
  {
    runId: varchar({ length: 32 }).notNull(),
    chunkId: varchar({ length: 32 }).notNull(),
    docId: ref()
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    kbId: ref().notNull(),
    payload: json().$type<JsonObject>().notNull(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ name: "chunk_stage_pk", columns: [t.runId, t.chunkId] }),
    index("chunk_stage_doc_idx").on(t.docId, t.runId),
  ],
);
