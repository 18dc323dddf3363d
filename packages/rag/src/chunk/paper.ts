import type { ParsedDocument } from "../parse/types";
import { paperHeading } from "./headings";
import { chunkBySections } from "./sections";
import type { Chunk, ChunkConfig } from "./types";

/**
 * Papers: the abstract is a chunk of its own, sections (Introduction, Methods … or numbered)
 * open sections, and the paper's title heads every chunk's path so a passage is never
 * retrieved without knowing which paper it is from.
 */
export function chunkPaper(doc: ParsedDocument, config: ChunkConfig): Chunk[] {
  const firstHeading = doc.pages.flatMap((p) => p.blocks).find((b) => b.kind === "heading");
  const title = doc.meta.title ?? firstHeading?.text;
  const isTitleBlock = (text: string) => title !== undefined && text === title;
  return chunkBySections(doc, config, {
    detect: (u) => (isTitleBlock(u.text) ? undefined : paperHeading(u)),
    ...(title ? { rootHeading: title } : {}),
    // The title already heads every chunk; repeating it as body text would only add noise.
    isSkipped: (u) => isTitleBlock(u.text),
  });
}
