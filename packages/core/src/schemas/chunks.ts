import { z } from "zod";
import { ZDateTime, ZId } from "./accounts";

export const ZChunk = z.object({
  id: ZId,
  documentId: ZId,
  documentName: z.string(),
  kbId: ZId,
  content: z.string(),
  tokenCount: z.number().int(),
  importantKeywords: z.array(z.string()),
  questions: z.array(z.string()),
  positions: z.array(z.array(z.number())).describe("[[page, x0, x1, top, bottom], …]"),
  pageNumbers: z.array(z.number().int()),
  available: z.boolean(),
  hasVector: z.boolean().describe("Whether the chunk is embedded yet (vectors follow keyword indexing)"),
  createdAt: ZDateTime,
});
export type Chunk = z.infer<typeof ZChunk>;

export const ZListChunksInput = z
  .object({
    documentId: ZId,
    keywords: z.string().max(255).optional().describe("Text the chunk contains"),
    available: z.boolean().optional(),
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: z.number().int().min(1).max(200).default(30),
  })
  .strict();
export type ListChunksInput = z.infer<typeof ZListChunksInput>;

export const ZChunkList = z.object({ total: z.number().int(), items: z.array(ZChunk) });
export type ChunkList = z.infer<typeof ZChunkList>;

const ZKeywords = z
  .array(z.string().trim().min(1).max(100))
  .max(32)
  .describe("Important keywords (boosted in keyword search)");
const ZQuestions = z
  .array(z.string().trim().min(1).max(500))
  .max(10)
  .describe("Questions this chunk answers");
const ZChunkContent = z.string().trim().min(1).max(20_000);

export const ZCreateChunkInput = z
  .object({
    documentId: ZId,
    content: ZChunkContent,
    importantKeywords: ZKeywords.optional(),
    questions: ZQuestions.optional(),
  })
  .strict();
export type CreateChunkInput = z.infer<typeof ZCreateChunkInput>;

export const ZUpdateChunkInput = z
  .object({
    id: ZId,
    content: ZChunkContent.optional().describe("New text; the chunk gets a new id (ids hash the content)"),
    importantKeywords: ZKeywords.optional(),
    questions: ZQuestions.optional(),
    available: z.boolean().optional(),
  })
  .strict();
export type UpdateChunkInput = z.infer<typeof ZUpdateChunkInput>;

export const ZChunkIdsInput = z.object({ ids: z.array(ZId).min(1).max(500) }).strict();
export const ZSetChunksAvailableInput = ZChunkIdsInput.extend({ available: z.boolean() }).strict();
