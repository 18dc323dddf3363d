import { createBudget } from "./budget";
import { isPptxPart } from "./pptx-parts";
import { sniff } from "./sniff";
import type { ParsedDocument, ParseOptions } from "./types";
import { guardZip } from "./zip";

export { DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT_MS } from "./budget";
export { builtinOcr, MAX_IMAGE_PIXELS, type OcrEngineInfo, ocrEngineInfo, warmUpOcr } from "./ocr";
export { SCANNED_PAGE_MAX_CHARS } from "./pdf-ocr";
export { type SniffResult, sniff } from "./sniff";
export type * from "./types";
export { DEFAULT_ZIP_LIMITS } from "./zip";

/**
 * Parses one uploaded file: the type is decided by `sniff` (content and name must agree), then the
 * format's parser runs within the page, zip and time limits of `options`. Every refusal is a
 * `ParseError` with a code from a closed set; no input is meant to hang or crash the process.
 */
export async function parseDocument(bytes: Uint8Array, options: ParseOptions): Promise<ParsedDocument> {
  const { type, ext, mime } = sniff(bytes, options.filename);
  const budget = createBudget(options);
  budget.check();
  // Office files are zips: the bomb guard runs here, before mammoth or exceljs (which inflate
  // without limits) are even loaded, so a bomb is refused in milliseconds.
  const zipEntries =
    type === "docx" || type === "xlsx" || type === "pptx"
      ? guardZip(bytes, options.filename, options.zip, type === "pptx" ? isPptxPart : () => false)
      : undefined;
  // Parsers are loaded on first use: pdf.js, exceljs and mammoth together take about a second to
  // import, which a process that only counts tokens or sniffs uploads should not pay.
  switch (type) {
    case "pdf":
      return (await import("./pdf")).parsePdf(bytes, options, budget);
    case "docx":
      return (await import("./docx")).parseDocx(bytes, options, budget);
    case "xlsx":
      return (await import("./xlsx")).parseXlsx(bytes, options, budget);
    case "pptx":
      return (await import("./pptx")).parsePptx(zipEntries ?? new Map(), options, budget);
    case "csv":
      return (await import("./csv")).parseCsvDocument(bytes, ext);
    case "html":
      return (await import("./html")).parseHtml(bytes);
    case "markdown":
      return (await import("./markdown")).parseMarkdown(bytes);
    case "json":
      return (await import("./json")).parseJson(bytes, ext, options.filename);
    case "eml":
      return (await import("./eml")).parseEml(bytes, options, budget);
    case "image":
      return (await import("./image")).parseImage(bytes, mime, options, budget);
    case "text":
    case "code":
      return (await import("./text")).parseText(bytes, type);
  }
}

/** Pages of a PDF without extracting text (pdf.js loads on first use, like the parsers). */
export async function countPdfPages(bytes: Uint8Array, filename: string): Promise<number> {
  const pdf = await import("./pdf");
  return pdf.countPdfPages(bytes, filename);
}
