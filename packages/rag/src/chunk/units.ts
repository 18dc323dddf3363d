import type { BBox, BlockKind, ParsedDocument } from "../parse/types";

/** A block with the page it came from: the unit every chunker works on. */
export type Unit = {
  text: string;
  page: number;
  kind: BlockKind;
  level?: number;
  cells?: string[];
  header?: string[];
  isHeader?: boolean;
  bbox?: BBox;
};

/** The document's blocks in reading order; a page without blocks contributes its text paragraphs. */
export function documentUnits(doc: ParsedDocument): Unit[] {
  const units: Unit[] = [];
  for (const page of doc.pages) {
    if (page.blocks.length === 0) {
      for (const text of page.text.split(/\n[ \t]*\n+/)) {
        if (text.trim() !== "") units.push({ text: text.trim(), page: page.number, kind: "paragraph" });
      }
      continue;
    }
    for (const block of page.blocks) {
      if (block.text.trim() === "") continue;
      const { kind, text, level, cells, header, isHeader, bbox } = block;
      units.push({
        text,
        page: page.number,
        kind,
        ...(level === undefined ? {} : { level }),
        ...(cells === undefined ? {} : { cells }),
        ...(header === undefined ? {} : { header }),
        ...(isHeader === undefined ? {} : { isHeader }),
        ...(bbox === undefined ? {} : { bbox }),
      });
    }
  }
  return units;
}
