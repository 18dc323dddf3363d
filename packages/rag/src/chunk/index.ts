import type { ParsedDocument } from "../parse/types";
import { chunkBook } from "./book";
import { chunkLaws } from "./laws";
import { chunkManual } from "./manual";
import { chunkNaive } from "./naive";
import { chunkOne } from "./one";
import { chunkPaper } from "./paper";
import { chunkPicture } from "./picture";
import { chunkPresentation } from "./presentation";
import { chunkQa } from "./qa";
import { chunkTable } from "./table";
import { type Chunk, type ChunkConfig, type Chunker, type ChunkMethod, DEFAULT_CHUNK_CONFIG } from "./types";

export { rowContent } from "./table";
export * from "./types";

/** Every chunk method of SPEC §3 by its `chunkMethod` name. */
export const CHUNKERS: Readonly<Record<ChunkMethod, Chunker>> = Object.freeze({
  naive: chunkNaive,
  qa: chunkQa,
  table: chunkTable,
  paper: chunkPaper,
  book: chunkBook,
  laws: chunkLaws,
  manual: chunkManual,
  presentation: chunkPresentation,
  one: chunkOne,
  picture: chunkPicture,
});

/**
 * Chunks a parsed document with one method. `config` is the chunking part of the parserConfig;
 * missing fields take `DEFAULT_CHUNK_CONFIG`. Core validates the ranges with zod; the clamp here
 * only keeps a bad value from looping or producing nonsense.
 */
export function chunkDocument(
  doc: ParsedDocument,
  method: ChunkMethod = "naive",
  config: Partial<ChunkConfig> = {},
): Chunk[] {
  const full: ChunkConfig = {
    chunkTokenNum: clamp(config.chunkTokenNum ?? DEFAULT_CHUNK_CONFIG.chunkTokenNum, 1, 8192),
    delimiter: config.delimiter ?? DEFAULT_CHUNK_CONFIG.delimiter,
    overlapPercent: clamp(config.overlapPercent ?? DEFAULT_CHUNK_CONFIG.overlapPercent, 0, 90),
  };
  return CHUNKERS[method](doc, full);
}

const clamp = (n: number, min: number, max: number) =>
  Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
