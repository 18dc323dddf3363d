import type { ParsedDocument } from "../parse/types";
import { firstMatch, numberedHeading, structuralHeading } from "./headings";
import { chunkBySections } from "./sections";
import type { Chunk, ChunkConfig } from "./types";

/** Manuals: every heading opens a section and the full heading path becomes the chunk's context. */
export function chunkManual(doc: ParsedDocument, config: ChunkConfig): Chunk[] {
  return chunkBySections(doc, config, { detect: firstMatch(structuralHeading, numberedHeading) });
}
