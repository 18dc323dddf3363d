/** Inputs and outputs of the chunk index (src/chunk-index). Terms arrive tokenized by @ragtime/rag. */

/** Term → frequency in one field of one chunk. */
export type TermCounts = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export const CHUNK_FIELDS = ["content", "title", "keywords", "questions"] as const;
export type ChunkField = (typeof CHUNK_FIELDS)[number];

export type ChunkFieldTerms = {
  content: TermCounts;
  title?: TermCounts | undefined;
  keywords?: TermCounts | undefined;
  questions?: TermCounts | undefined;
};

export type FieldBoosts = Partial<Record<ChunkField, number>>;

/**
 * Defaults for the weighted term frequency of BM25F: a term in the title or among the important keywords
 * says more about the chunk than one more occurrence in the body.
 */
export const DEFAULT_FIELD_BOOSTS: Readonly<Record<ChunkField, number>> = {
  content: 1,
  title: 2,
  keywords: 3,
  questions: 2,
};

/** [page, x0, x1, top, bottom] */
export type ChunkPosition = number[];

export type IndexChunkInput = {
  /** 32-hex hash of docId + content (the caller computes it; the same text gives the same id). */
  id: string;
  content: string;
  docName: string;
  tokenCount: number;
  /** BM25 length of the chunk: its term count over all fields, as the tokenizer counted it. */
  length: number;
  fields: ChunkFieldTerms;
  /** Any dimension; null/absent until embedded (see setChunkEmbeddings). */
  embedding?: ArrayLike<number> | null | undefined;
  positions?: ChunkPosition[] | undefined;
  pageNumbers?: number[] | undefined;
  importantKeywords?: string[] | undefined;
  questions?: string[] | undefined;
  /** The chunk's own switch; default true. */
  available?: boolean | undefined;
  /** Listing order within the document; default: its index in the call. */
  ordinal?: number | undefined;
};

export type IndexedChunk = {
  id: string;
  kbId: string;
  docId: string;
  docName: string;
  content: string;
  ordinal: number;
  tokenCount: number;
  length: number;
  importantKeywords: string[];
  questions: string[];
  positions: ChunkPosition[];
  pageNumbers: number[];
  available: boolean;
  documentEnabled: boolean;
  /** Dimension of the stored embedding, null when the chunk has none yet. */
  vectorDim: number | null;
  createdAt: Date;
  updatedAt: Date;
};

export type DocumentChunkCounts = { chunkCount: number; tokenCount: number };

export type KeywordQueryTerm = { term: string; weight?: number | undefined };

export type KeywordSearchInput = {
  kbIds: readonly string[];
  terms: readonly KeywordQueryTerm[];
  docIds?: readonly string[] | undefined;
  limit: number;
  /** BM25 saturation, default 1.2. */
  k1?: number | undefined;
  /** BM25 length normalisation, default 0.75. */
  b?: number | undefined;
  fieldBoosts?: FieldBoosts | undefined;
  /** Attach each hit's per-term breakdown (why it scored what it scored). */
  explain?: boolean | undefined;
  /**
   * `auto` (default): the in-memory inverted index (kept fresh per document) once it is loaded;
   * while a knowledge base's first load runs in the background, SQL. `memory`: wait for the load.
   * `sql`: score in the database. Same answers every way; see memory-index.ts.
   */
  engine?: "auto" | "memory" | "sql" | undefined;
};

export type TermExplanation = {
  term: string;
  weight: number;
  df: number;
  idf: number;
  tf: Record<ChunkField, number>;
  /** Σ boost × tf over the fields. */
  weightedTf: number;
  score: number;
};

export type KeywordExplanation = {
  /** Searchable chunks in the knowledge bases searched, and their average length. */
  n: number;
  avgLength: number;
  length: number;
  k1: number;
  b: number;
  terms: TermExplanation[];
};

export type KeywordHit = {
  chunkId: string;
  score: number;
  /** The chunk's document (both paths name it). */
  docId?: string;
  docName?: string;
  explanation?: KeywordExplanation;
};

export type VectorSearchInput = {
  kbIds: readonly string[];
  vector: ArrayLike<number>;
  topK: number;
  docIds?: readonly string[] | undefined;
};

/** Cosine similarity in [−1, 1] (not mapped to [0, 1]: fusion normalises the legs itself). */
export type VectorHit = { chunkId: string; similarity: number; docId?: string };
