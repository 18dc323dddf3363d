import type { ParsedDocument } from "../parse/types";
import { mergePieces, piecesOf } from "./merge";
import type { Chunk, ChunkConfig } from "./types";
import { documentUnits } from "./units";

/**
 * General-purpose chunking (RAGFlow "General"): split after the delimiters, then merge pieces in
 * reading order up to `chunkTokenNum` tokens, with `overlapPercent` of overlap. Table rows are
 * never cut.
 */
export function chunkNaive(doc: ParsedDocument, config: ChunkConfig): Chunk[] {
  return mergePieces(piecesOf(documentUnits(doc), config), config);
}
