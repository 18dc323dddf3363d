import type { ParsedDocument } from "../parse/types";
import { bookHeading, firstMatch, structuralHeading } from "./headings";
import { chunkBySections } from "./sections";
import type { Chunk, ChunkConfig } from "./types";

/** "Introduction ........ 5": a table-of-contents line, noise in a book's chunks. */
const TOC_LINE = /(\.\s?){4,}\s*\d+\s*$|(\s\.){4,}/;

/**
 * Books: parts and chapters (and level-1/2 headings) open sections; deeper headings stay in the
 * running text, so chunks are long passages of one chapter rather than fragments of sub-sections.
 * Table-of-contents lines are dropped.
 */
export function chunkBook(doc: ParsedDocument, config: ChunkConfig): Chunk[] {
  return chunkBySections(doc, config, {
    detect: firstMatch(bookHeading, structuralHeading),
    maxSectionLevel: 2,
    isSkipped: (u) => TOC_LINE.test(u.text),
  });
}
