import type { ParsedDocument } from "../parse/types";

export const CHUNK_METHODS = [
  "naive",
  "qa",
  "table",
  "paper",
  "book",
  "laws",
  "manual",
  "presentation",
  "one",
  "picture",
] as const;
export type ChunkMethod = (typeof CHUNK_METHODS)[number];

/** Where a chunk's text sits: [page, x0, x1, top, bottom] in PDF points from the top-left (SPEC §2). */
export type Position = [page: number, x0: number, x1: number, top: number, bottom: number];

export type Chunk = {
  content: string;
  /** cl100k_base tokens in `content`. */
  tokens: number;
  /** 1-based pages (slides, sheets) the chunk draws from, ascending. */
  pageNumbers: number[];
  /** Only for formats with a layout (PDF today); empty otherwise. */
  positions: Position[];
  /** The section path above the chunk, outermost first (structure-aware methods). */
  headings?: string[];
  question?: string;
  answer?: string;
};

/** The chunking part of a knowledge base's parserConfig (SPEC §3). */
export type ChunkConfig = {
  /** Target chunk size in tokens (1..2048). */
  chunkTokenNum: number;
  /** Each character splits; text between backticks is a multi-character delimiter (RAGFlow's syntax). */
  delimiter: string;
  /** Share of `chunkTokenNum` repeated from the end of one chunk at the start of the next (0..100). */
  overlapPercent: number;
};

export const DEFAULT_CHUNK_CONFIG: Readonly<ChunkConfig> = Object.freeze({
  chunkTokenNum: 512,
  delimiter: "\n!?;。；！？",
  overlapPercent: 0,
});

export type Chunker = (doc: ParsedDocument, config: ChunkConfig) => Chunk[];
