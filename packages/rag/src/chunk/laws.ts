import type { ParsedDocument } from "../parse/types";
import { lawHeading } from "./headings";
import { chunkBySections } from "./sections";
import type { Chunk, ChunkConfig } from "./types";

/**
 * Laws and regulations: each article starts a new chunk (split only if it exceeds the chunk
 * size), under the path of its part, chapter and section.
 */
export function chunkLaws(doc: ParsedDocument, config: ChunkConfig): Chunk[] {
  return chunkBySections(doc, config, { detect: lawHeading });
}
