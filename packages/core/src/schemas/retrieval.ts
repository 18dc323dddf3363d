import { z } from "zod";
import { ZId } from "./accounts";

/** SPEC §5 metadata filter operators (document metadata, a flat JSON object). */
export const METADATA_OPERATORS = [
  "is",
  "is not",
  "contains",
  "not contains",
  "starts with",
  "ends with",
  "empty",
  "not empty",
  ">",
  "<",
  "≥",
  "≤",
] as const;
export type MetadataOperator = (typeof METADATA_OPERATORS)[number];

export const ZMetadataCondition = z
  .object({
    name: z.string().trim().min(1).max(128).describe("A key of the document's metadata"),
    op: z.enum(METADATA_OPERATORS),
    value: z
      .union([z.string().max(1000), z.number()])
      .optional()
      .describe("Compared with the metadata value; not used by `empty` / `not empty`"),
  })
  .strict();

export const ZMetadataFilter = z
  .object({
    logic: z.enum(["and", "or"]).default("and"),
    conditions: z.array(ZMetadataCondition).min(1).max(50),
  })
  .strict();
export type MetadataFilter = z.infer<typeof ZMetadataFilter>;

export const MAX_RETRIEVAL_TOP_K = 4096;

export const ZRetrievalInput = z
  .object({
    kbIds: z
      .array(ZId)
      .min(1)
      .max(20)
      .describe("Knowledge bases to search; all must share one embedding model"),
    question: z.string().trim().min(1).max(4000),
    documentIds: z.array(ZId).max(1000).optional().describe("Only these documents"),
    metadataFilter: ZMetadataFilter.optional(),
    similarityThreshold: z.number().min(0).max(1).default(0.2).describe("Results scoring below are dropped"),
    vectorSimilarityWeight: z
      .number()
      .min(0)
      .max(1)
      .default(0.3)
      .describe("w in (1 − w)·keyword + w·vector; 0 = keyword only, 1 = vector only"),
    topK: z
      .number()
      .int()
      .min(1)
      .max(MAX_RETRIEVAL_TOP_K)
      .default(1024)
      .describe("Vector candidates considered"),
    rerankModel: z.string().min(1).max(160).optional().describe("`name@provider`; replaces the fused score"),
    page: z.number().int().min(1).max(10_000).default(1),
    pageSize: z.number().int().min(1).max(100).default(30),
    highlight: z.boolean().default(false).describe("Wrap matched terms in <em>…</em> in `highlight`"),
    keyword: z.boolean().default(false).describe("Expand the question with keywords from the chat model"),
    explain: z.boolean().default(false).describe("Attach the BM25 per-term breakdown of each chunk"),
  })
  .strict();
export type RetrievalInput = z.infer<typeof ZRetrievalInput>;

export const ZTermExplanation = z.object({
  term: z.string().describe("A query term as indexed (stemmed, folded)"),
  weight: z.number().describe("1 for the question's own terms, less for terms added by keyword expansion"),
  df: z.number().int().describe("Searchable chunks containing the term"),
  idf: z.number(),
  tf: z
    .object({ content: z.number(), title: z.number(), keywords: z.number(), questions: z.number() })
    .describe("Occurrences per field"),
  weightedTf: z.number().describe("Σ field boost × tf"),
  score: z.number().describe("This term's share of the chunk's BM25"),
});

export const ZRetrievedChunk = z.object({
  id: ZId,
  content: z.string(),
  documentId: ZId,
  documentName: z.string(),
  kbId: ZId,
  positions: z.array(z.array(z.number())),
  pageNumbers: z.array(z.number().int()),
  importantKeywords: z.array(z.string()),
  similarity: z.number().describe("The score results are ranked by, in [0, 1]"),
  vectorSimilarity: z
    .number()
    .describe(
      "Cosine similarity clipped to [0, 1]; 0 when the vector leg did not run (no embedder or no vectors)",
    ),
  termSimilarity: z.number().describe("BM25 divided by the best BM25 of this query, in [0, 1]"),
  rerankScore: z.number().optional().describe("The rerank model's score (then also `similarity`)"),
  bm25: z.number().optional().describe("The raw BM25 score (with `explain`)"),
  highlight: z
    .string()
    .optional()
    .describe(
      "The content with matched words wrapped in <em>…</em>; plain text, not HTML (escape it before rendering as HTML)",
    ),
  explanation: z.array(ZTermExplanation).optional(),
});
export type RetrievedChunk = z.infer<typeof ZRetrievedChunk>;

export const ZDocAgg = z.object({ documentId: ZId, documentName: z.string(), count: z.number().int() });
export type DocAgg = z.infer<typeof ZDocAgg>;

export const ZRetrievalResult = z.object({
  total: z.number().int().describe("Chunks above the threshold"),
  chunks: z.array(ZRetrievedChunk),
  docAggs: z.array(ZDocAgg),
  vectorWeight: z
    .number()
    .optional()
    .describe(
      "The weight the vector leg got for this query: similarity = (1 − vectorWeight)·termSimilarity + vectorWeight·vectorSimilarity. " +
        "It is vectorSimilarityWeight scaled by how much the two legs agree on their top 20 (0 when the vector leg did not run); absent when a rerank model ranked",
    ),
});
export type RetrievalResult = z.infer<typeof ZRetrievalResult>;
