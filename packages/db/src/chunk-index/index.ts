/** The chunk index: see the "Chunk index" section of packages/db/README.md. */
export { averageLength, bm25Idf, bm25TermScore, DEFAULT_B, DEFAULT_K1 } from "./bm25";
export {
  type ChunkDocumentRef,
  type DocumentMetadataRow,
  getChunkDocuments,
  listDocumentMetadata,
} from "./documents";
export { keywordSearch, MAX_KEYWORD_LIMIT } from "./keyword-search";
export {
  cachedDocumentNames,
  dropMemoryIndexes,
  MAX_MEMORY_POSTINGS,
  memoryIndexStats,
} from "./memory-index";
export {
  countChunks,
  findDocumentsMissingVectors,
  getChunks,
  type ListDocumentChunksQuery,
  listDocumentChunks,
} from "./read";
export {
  type ChunkIndexSetup,
  createVectorIndex,
  type EnsureChunkIndexOptions,
  ensureChunkIndex,
  type VectorMode,
  vectorMode,
} from "./setup";
export { MAX_TERM_LENGTH, normalizeTerm } from "./terms";
export * from "./types";
export { MAX_VECTOR_DIM } from "./vector-codec";
export { MAX_TOP_K, vectorSearch } from "./vector-search";
export {
  appendDocumentChunks,
  type DocumentReplacement,
  deleteChunks,
  deleteDocumentChunks,
  discardDocumentRun,
  publishDocumentRun,
  publishDocumentRuns,
  renameDocumentChunks,
  replaceDocumentChunks,
  replaceDocumentsChunks,
  setChunkEmbeddings,
  setChunksAvailable,
  setDocumentChunksAvailable,
  upsertChunks,
} from "./write";
