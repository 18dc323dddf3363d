import { CHUNK_METHODS } from "@ragtime/db/types";
import { z } from "zod";
import { ZDateTime, ZId, ZLanguage } from "./accounts";

export const ZChunkMethod = z.enum(CHUNK_METHODS).describe("How documents are cut into chunks (SPEC §3)");
export const ZPermission = z.enum(["me", "team"]).describe("`me`: only its creator; `team`: every member");

const ZPageRange = z
  .tuple([z.number().int().min(1), z.number().int().min(1)])
  .refine(([from, to]) => from <= to, "from ≤ to")
  .describe("[from, to] pages, 1-based, inclusive");

/** Parser settings, with the ranges of SPEC §3. Every field has a default. */
export const ZParserConfig = z
  .object({
    chunkTokenNum: z.number().int().min(1).max(2048).default(512).describe("Target tokens per chunk"),
    delimiter: z
      .string()
      .min(1)
      .max(64)
      .default("\n!?;。；！？")
      .describe("Characters a chunk may be split at"),
    overlapPercent: z
      .number()
      .int()
      .min(0)
      .max(90)
      .default(0)
      .describe("Overlap between consecutive chunks, %"),
    pages: z.array(ZPageRange).max(100).optional().describe("Only these page ranges (PDF)"),
    autoKeywords: z.number().int().min(0).max(32).default(0).describe("Keywords an LLM adds to each chunk"),
    autoQuestions: z.number().int().min(0).max(10).default(0).describe("Questions an LLM adds to each chunk"),
    html4excel: z.boolean().default(false).describe("Sheets as HTML tables instead of sentences"),
  })
  .strict();
export type ParserConfig = z.infer<typeof ZParserConfig>;
export const DEFAULT_PARSER_CONFIG: ParserConfig = ZParserConfig.parse({});

/** The embedding model a fresh install uses: shipped offline (SPEC §4). */
export const BUILTIN_EMBEDDING_MODEL = "universal-sentence-encoder-lite@builtin";

const ZKbName = z.string().trim().min(1).max(128).describe("Unique within the workspace");
const ZScore = z.number().min(0).max(1);

export const ZCreateKnowledgeBaseInput = z
  .object({
    name: ZKbName,
    description: z.string().max(4000).optional(),
    avatar: z.string().max(200_000).optional(),
    language: ZLanguage.optional(),
    embeddingModel: z
      .string()
      .trim()
      .min(1)
      .max(160)
      .optional()
      .describe("Default: the workspace's, else the built-in"),
    permission: ZPermission.optional(),
    chunkMethod: ZChunkMethod.optional(),
    parserConfig: ZParserConfig.partial().optional(),
    similarityThreshold: ZScore.optional().describe("Results below are dropped (default 0.2)"),
    vectorSimilarityWeight: ZScore.optional().describe("Weight of the vector score in fusion (default 0.3)"),
  })
  .strict();
export type CreateKnowledgeBaseInput = z.infer<typeof ZCreateKnowledgeBaseInput>;

export const ZUpdateKnowledgeBaseInput = ZCreateKnowledgeBaseInput.partial()
  .extend({
    id: ZId,
    description: z.string().max(4000).nullable().optional(),
    avatar: z.string().max(200_000).nullable().optional(),
  })
  .strict();
export type UpdateKnowledgeBaseInput = z.infer<typeof ZUpdateKnowledgeBaseInput>;

export const ZKnowledgeBase = z.object({
  id: ZId,
  name: z.string(),
  description: z.string().nullable(),
  avatar: z.string().nullable(),
  language: z.string(),
  embeddingModel: z.string(),
  permission: ZPermission,
  chunkMethod: ZChunkMethod,
  parserConfig: ZParserConfig,
  similarityThreshold: z.number(),
  vectorSimilarityWeight: z.number(),
  docCount: z.number().int(),
  chunkCount: z.number().int(),
  tokenCount: z.number().int(),
  createdBy: ZId,
  canEdit: z.boolean().describe("Whether you may change or delete it"),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type KnowledgeBase = z.infer<typeof ZKnowledgeBase>;

/** Listing named things (knowledge bases, chats): search by name, order, page. */
export const ZNamedListInput = z
  .object({
    keywords: z.string().max(128).optional().describe("Part of the name"),
    orderBy: z.enum(["createdAt", "updatedAt", "name"]).default("createdAt"),
    order: z.enum(["asc", "desc"]).default("desc"),
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: z.number().int().min(1).max(100).default(30),
  })
  .strict();

export const ZListKnowledgeBasesInput = ZNamedListInput;
export type ListKnowledgeBasesInput = z.infer<typeof ZListKnowledgeBasesInput>;

export const ZKnowledgeBaseList = z.object({ total: z.number().int(), items: z.array(ZKnowledgeBase) });
export type KnowledgeBaseList = z.infer<typeof ZKnowledgeBaseList>;
