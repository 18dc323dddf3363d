import { DOCUMENT_TYPES, RUN_STATES } from "@ragtime/db/types";
import { z } from "zod";
import { ZDateTime, ZId } from "./accounts";
import { ZChunkMethod, ZParserConfig } from "./knowledge-bases";

export const ZRunState = z.enum(RUN_STATES).describe("Parsing state");

/** Free key/value metadata per document, filterable in retrieval and chat. */
export const ZDocumentMetadata = z
  .record(z.string().min(1).max(64), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((m) => Object.keys(m).length <= 64, "at most 64 keys")
  .describe("Key/value metadata (≤ 64 keys; strings ≤ 1000 characters)");

export const ZDocument = z.object({
  id: ZId,
  kbId: ZId,
  name: z.string(),
  suffix: z.string().describe("Lower-case extension"),
  type: z.enum(DOCUMENT_TYPES),
  size: z.number().int().describe("Bytes"),
  chunkMethod: ZChunkMethod,
  parserConfig: ZParserConfig,
  run: ZRunState,
  progress: z.number().min(0).max(1),
  progressMsg: z.string().nullable(),
  processBeginAt: ZDateTime.nullable(),
  processDurationMs: z.number().int(),
  chunkCount: z.number().int(),
  tokenCount: z.number().int(),
  enabled: z.boolean().describe("Disabled documents are never retrieved"),
  metadata: ZDocumentMetadata,
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type Document = z.infer<typeof ZDocument>;

export const ZListDocumentsInput = z
  .object({
    kbId: ZId,
    keywords: z.string().max(255).optional().describe("Part of the name"),
    run: z.array(ZRunState).max(6).optional(),
    suffix: z.array(z.string().max(16)).max(20).optional(),
    createdFrom: ZDateTime.optional(),
    createdTo: ZDateTime.optional(),
    orderBy: z.enum(["createdAt", "updatedAt", "name", "size"]).default("createdAt"),
    order: z.enum(["asc", "desc"]).default("desc"),
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: z.number().int().min(1).max(100).default(30),
  })
  .strict();
export type ListDocumentsInput = z.infer<typeof ZListDocumentsInput>;

export const ZDocumentList = z.object({ total: z.number().int(), items: z.array(ZDocument) });
export type DocumentList = z.infer<typeof ZDocumentList>;

export const ZUpdateDocumentInput = z
  .object({
    id: ZId,
    name: z.string().trim().min(1).max(255).optional().describe("New name; the extension cannot change"),
    enabled: z.boolean().optional(),
    chunkMethod: ZChunkMethod.optional().describe("Changing it discards the document's chunks"),
    parserConfig: ZParserConfig.partial().optional(),
    metadata: ZDocumentMetadata.optional().describe("Replaces the whole metadata object"),
  })
  .strict();
export type UpdateDocumentInput = z.infer<typeof ZUpdateDocumentInput>;

export const ZUploadDocumentsOutput = z.object({ documents: z.array(ZDocument) });
export type UploadDocumentsOutput = z.infer<typeof ZUploadDocumentsOutput>;

export const ZDocumentIdsInput = z
  .object({ ids: z.array(ZId).min(1).max(100).describe("Document ids (at most 100)") })
  .strict();
export type DocumentIdsInput = z.infer<typeof ZDocumentIdsInput>;

export const ZDocumentProgressEvent = z.object({
  kbId: ZId,
  documentId: ZId,
  run: ZRunState,
  progress: z.number(),
  progressMsg: z.string().nullable(),
  chunkCount: z.number().int(),
});
export const ZKbIdInput = z.object({ kbId: ZId }).strict();
