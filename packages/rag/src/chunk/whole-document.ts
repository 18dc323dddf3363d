import type { ParsedDocument } from "../parse/types";
import { toChunk, unitPiece } from "./merge";
import type { Chunk } from "./types";
import { documentUnits } from "./units";

/** Every unit of the document in one chunk, with all its pages and positions. */
export function wholeDocument(doc: ParsedDocument): Chunk[] {
  const chunk = toChunk(documentUnits(doc).map((u) => unitPiece(u)));
  return chunk ? [chunk] : [];
}
