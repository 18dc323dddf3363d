import type { ParsedDocument } from "../parse/types";
import { toChunk, unitPiece } from "./merge";
import type { Chunk, ChunkConfig } from "./types";
import { documentUnits, type Unit } from "./units";

/**
 * One chunk per slide (or PDF page), however long: a slide is the unit people remember and
 * cite. The slide title is the chunk's heading.
 */
export function chunkPresentation(doc: ParsedDocument, _config: ChunkConfig): Chunk[] {
  const byPage = new Map<number, Unit[]>();
  for (const unit of documentUnits(doc)) {
    const list = byPage.get(unit.page);
    if (list) list.push(unit);
    else byPage.set(unit.page, [unit]);
  }
  const chunks: Chunk[] = [];
  for (const page of doc.pages) {
    const units = byPage.get(page.number) ?? [];
    const chunk = toChunk(
      units.map((u) => unitPiece(u)),
      page.title ? [page.title] : [],
    );
    if (chunk) chunks.push(chunk);
  }
  return chunks;
}
