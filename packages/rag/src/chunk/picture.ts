import type { ParsedDocument } from "../parse/types";
import type { Chunk, ChunkConfig } from "./types";
import { wholeDocument } from "./whole-document";

/**
 * Pictures: the text read from the image (OCR or a caption, whatever the parse step produced) as
 * one chunk; an image with no text yields no chunk rather than an empty one.
 */
export function chunkPicture(doc: ParsedDocument, _config: ChunkConfig): Chunk[] {
  return wholeDocument(doc);
}
