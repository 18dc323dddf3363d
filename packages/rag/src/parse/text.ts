import { decodeText } from "./decode-text";
import type { Block, DocumentType, Page, ParsedDocument } from "./types";

/**
 * Plain text and source code: paragraphs are split at blank lines (line breaks inside a paragraph
 * are kept — they matter in code and verse). A form feed starts a new page, which is how
 * pdftotext and line printers mark pages.
 */
export function parseText(bytes: Uint8Array, type: Extract<DocumentType, "text" | "code">): ParsedDocument {
  const text = decodeText(bytes).replace(/\r\n?/g, "\n");
  const pages: Page[] = text.split("\f").map((pageText, i) => {
    const blocks: Block[] = pageText
      .split(/\n[ \t]*\n+/)
      .map((p) => p.replace(/^\n+|\s+$/g, ""))
      .filter((p) => p.trim() !== "")
      .map((p) => ({ kind: type === "code" ? "code" : "paragraph", text: p }));
    return { number: i + 1, text: blocks.map((b) => b.text).join("\n"), blocks };
  });
  return { type, pages, meta: { pageCount: pages.length } };
}
