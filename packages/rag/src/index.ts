// @ragtime/rag — the pure RAG library: bytes in, parsed pages, chunks and tokens out.
// It never touches a database, the network or @ragtime/core.

export {
  CHUNK_METHODS,
  CHUNKERS,
  type Chunk,
  type ChunkConfig,
  type Chunker,
  type ChunkMethod,
  chunkDocument,
  DEFAULT_CHUNK_CONFIG,
  type Position,
  rowContent,
} from "./chunk/index";
export {
  isParseError,
  PARSE_ERROR_CODES,
  ParseError,
  type ParseErrorCode,
  type ParseErrorDetails,
} from "./errors";
export {
  type BBox,
  type Block,
  type BlockKind,
  DEFAULT_MAX_PAGES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_ZIP_LIMITS,
  type DocumentMeta,
  type DocumentType,
  type OcrHook,
  type Page,
  type ParsedDocument,
  type ParseOptions,
  parseDocument,
  type SniffResult,
  sniff,
  type ZipLimits,
} from "./parse/index";
export { guardZip, listZipEntries } from "./parse/zip";
export {
  countTokens,
  createKeywordTokenizer,
  decodeTokens,
  encodeTokens,
  foldAccents,
  type KeywordTokenizer,
  type KeywordTokenizerOptions,
  stopWordsFor,
  tokenizeKeywords,
  truncateToTokens,
} from "./tokenize/index";
