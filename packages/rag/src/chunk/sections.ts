import type { ParsedDocument } from "../parse/types";
import { countTokens } from "../tokenize/count-tokens";
import type { HeadingDetector } from "./headings";
import { mergePieces, piecesOf } from "./merge";
import type { Chunk, ChunkConfig } from "./types";
import { documentUnits, type Unit } from "./units";

export type SectionOptions = {
  detect: HeadingDetector;
  /** Headings deeper than this do not open a section; they stay in the text as ordinary lines. */
  maxSectionLevel?: number;
  /** Placed before the heading path of every chunk (a paper's title). */
  rootHeading?: string;
  /** Units to leave out entirely (tables of contents). */
  isSkipped?: (unit: Unit) => boolean;
};

/**
 * Structure-aware chunking shared by manual, book, laws and paper: the detector finds headings,
 * a stack keeps the path to the current one, each section's text is merged to the chunk size on
 * its own (chunks never straddle two sections), and every chunk carries its heading path both in
 * `headings` and at the top of its content, so retrieval sees "Installation > Requirements"
 * next to "8 GB of RAM".
 */
export function chunkBySections(doc: ParsedDocument, config: ChunkConfig, options: SectionOptions): Chunk[] {
  const maxLevel = options.maxSectionLevel ?? Number.POSITIVE_INFINITY;
  const stack: Array<{ level: number; text: string }> = [];
  const chunks: Chunk[] = [];
  let body: Unit[] = [];
  let path: string[] = options.rootHeading ? [options.rootHeading] : [];

  const flush = () => {
    if (body.length === 0) return;
    // Pieces must leave room for the heading path that will head their chunk.
    const room = Math.max(16, config.chunkTokenNum - countTokens(path.join(" > ")) - 1);
    chunks.push(...mergePieces(piecesOf(body, config, room), config, path));
    body = [];
  };

  for (const unit of documentUnits(doc)) {
    if (options.isSkipped?.(unit)) continue;
    const match = options.detect(unit);
    if (!match || match.level > maxLevel) {
      body.push(unit);
      continue;
    }
    flush();
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= match.level) stack.pop();
    if (match.isKeptInBody) body.push(unit);
    else stack.push({ level: match.level, text: unit.text });
    path = [...(options.rootHeading ? [options.rootHeading] : []), ...stack.map((h) => h.text)];
  }
  flush();
  return chunks;
}
