// Small ParsedDocuments written by hand, for chunker tests that should not depend on a parser.
import type { Block, ParsedDocument } from "../src/parse/types";

export function doc(pages: Block[][], meta: Partial<ParsedDocument["meta"]> = {}): ParsedDocument {
  return {
    type: "text",
    pages: pages.map((blocks, i) => ({ number: i + 1, text: blocks.map((b) => b.text).join("\n"), blocks })),
    meta: { pageCount: pages.length, ...meta },
  };
}

export const h = (text: string, level = 1): Block => ({ kind: "heading", text, level });
export const p = (text: string): Block => ({ kind: "paragraph", text });
export const row = (cells: string[], header?: string[], isHeader = false): Block => ({
  kind: "row",
  text: cells.join(" | "),
  cells,
  ...(header ? { header } : {}),
  ...(isHeader ? { isHeader } : {}),
});
