import {
  bigint,
  boolean,
  double,
  index,
  int,
  json,
  mysqlTable,
  text,
  uniqueIndex,
  varchar,
} from "drizzle-orm/mysql-core";
import type { ChunkMethod, DocumentType, FileType, JsonObject, Permission, RunState } from "../types";
import { users } from "./accounts";
import { id, instant, ref, timestamps } from "./columns";
import { tenants } from "./tenants";

export const knowledgeBases = mysqlTable(
  "knowledge_bases",
  {
    id: id(),
    tenantId: ref()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: varchar({ length: 128 }).notNull(),
    description: text(),
    avatar: text(),
    language: varchar({ length: 16 }).notNull().default("en"),
    embeddingModel: varchar({ length: 160 }).notNull(),
    permission: varchar({ length: 8 }).$type<Permission>().notNull().default("me"),
    chunkMethod: varchar({ length: 16 }).$type<ChunkMethod>().notNull().default("naive"),
    parserConfig: json().$type<JsonObject>().notNull(),
    similarityThreshold: double().notNull().default(0.2),
    vectorSimilarityWeight: double().notNull().default(0.3),
    docCount: int().notNull().default(0),
    chunkCount: int().notNull().default(0),
    tokenCount: bigint({ mode: "number" }).notNull().default(0),
    createdBy: ref()
      .notNull()
      .references(() => users.id),
    ...timestamps(),
  },
  (t) => [uniqueIndex("knowledge_bases_name_uq").on(t.tenantId, t.name)],
);

export const documents = mysqlTable(
  "documents",
  {
    id: id(),
    kbId: ref()
      .notNull()
      .references(() => knowledgeBases.id, { onDelete: "cascade" }),
    name: varchar({ length: 255 }).notNull(),
    suffix: varchar({ length: 16 }).notNull(),
    type: varchar({ length: 16 }).$type<DocumentType>().notNull(),
    size: bigint({ mode: "number" }).notNull(),
    storageKey: varchar({ length: 255 }).notNull(),
    contentHash: varchar({ length: 64 }).notNull(),
    chunkMethod: varchar({ length: 16 }).$type<ChunkMethod>().notNull(),
    parserConfig: json().$type<JsonObject>().notNull(),
    run: varchar({ length: 8 }).$type<RunState>().notNull().default("UNSTART"),
    progress: double().notNull().default(0),
    progressMsg: text(),
    processBeginAt: instant(),
    processDurationMs: int().notNull().default(0),
    chunkCount: int().notNull().default(0),
    tokenCount: int().notNull().default(0),
    enabled: boolean().notNull().default(true),
    metadata: json().$type<JsonObject>().notNull(),
    createdBy: ref()
      .notNull()
      .references(() => users.id),
    ...timestamps(),
  },
  (t) => [index("documents_kb_idx").on(t.kbId), uniqueIndex("documents_name_uq").on(t.kbId, t.name)],
);

export const tasks = mysqlTable(
  "tasks",
  {
    id: id(),
    docId: ref()
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    fromPage: int().notNull().default(0),
    toPage: int().notNull().default(0),
    progress: double().notNull().default(0),
    progressMsg: text(),
    attempts: int().notNull().default(0),
    digest: varchar({ length: 64 }),
    chunkIds: json().$type<string[]>(),
    beginAt: instant(),
    durationMs: int().notNull().default(0),
    ...timestamps(),
  },
  (t) => [index("tasks_doc_idx").on(t.docId)],
);

export const files = mysqlTable(
  "files",
  {
    id: id(),
    tenantId: ref()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    parentId: ref(),
    name: varchar({ length: 255 }).notNull(),
    type: varchar({ length: 8 }).$type<FileType>().notNull(),
    size: bigint({ mode: "number" }).notNull().default(0),
    storageKey: varchar({ length: 255 }),
    createdBy: ref()
      .notNull()
      .references(() => users.id),
    ...timestamps(),
  },
  (t) => [index("files_parent_idx").on(t.tenantId, t.parentId)],
);

export const fileLinks = mysqlTable(
  "file_links",
  {
    id: id(),
    fileId: ref()
      .notNull()
      .references(() => files.id, { onDelete: "cascade" }),
    documentId: ref()
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    ...timestamps(),
  },
  (t) => [uniqueIndex("file_links_uq").on(t.fileId, t.documentId)],
);
