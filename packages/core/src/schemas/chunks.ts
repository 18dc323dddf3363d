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
