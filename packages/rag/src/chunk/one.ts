import type { ParsedDocument } from "../parse/types";
import type { Chunk, ChunkConfig } from "./types";
import { wholeDocument } from "./whole-document";

/** The whole document as a single chunk, whatever its size (for documents that only make sense whole). */
export function chunkOne(doc: ParsedDocument, _config: ChunkConfig): Chunk[] {
  return wholeDocument(doc);
}
