/** Formats the parsers understand; `image` is read by OCR (see `ParseOptions.ocr`). */
export type DocumentType =
  | "pdf"
  | "docx"
  | "xlsx"
  | "csv"
  | "pptx"
  | "html"
  | "markdown"
  | "text"
  | "code"
  | "json"
  | "eml"
  | "image";

/**
 * A rectangle on a page in PDF points, measured from the page's top-left corner (the shape
 * RAGFlow's chunk positions use: x0, x1, top, bottom).
 */
export type BBox = { x0: number; x1: number; top: number; bottom: number };

export type BlockKind = "heading" | "paragraph" | "row" | "code";

export type Block = {
  kind: BlockKind;
  text: string;
  /** Heading depth, 1 = top level. */
  level?: number;
  /** Table rows: the cell texts, in column order. */
  cells?: string[];
  /** Table rows: the column names when the table has a header row. */
  header?: string[];
  /** Table rows: true for the header row itself (kept so page text stays complete). */
  isHeader?: boolean;
  /** Table rows: rows sharing this number belong to the same table of the page. */
  table?: number;
  bbox?: BBox;
};

export type Page = {
  /** 1-based page, slide or sheet number in the source document. */
  number: number;
  text: string;
  blocks: Block[];
  /** Slide title or sheet name, where the format has one. */
  title?: string;
  width?: number;
  height?: number;
};

export type DocumentMeta = {
  /** Pages (slides, sheets) in the whole source, even when only a range was parsed. */
  pageCount: number;
  title?: string;
  author?: string;
  /** PDF pages that came out empty: no text layer and nothing read by OCR (or OCR turned off). */
  pagesWithoutText?: number[];
  /** Pages whose text was read by OCR (scanned PDF pages; every page of an image). */
  ocrPages?: number[];
  /** Format-specific facts (mail headers, attachment names, sheet names …). */
  extra?: Record<string, string | number | boolean | string[]>;
};

export type ParsedDocument = {
  type: DocumentType;
  pages: Page[];
  meta: DocumentMeta;
};

export type ZipLimits = {
  /** Sum of the inflated sizes of all entries. Default 512 MiB. */
  maxUncompressedBytes?: number;
  /** Inflated/compressed ratio allowed for an entry larger than 1 MiB. Default 200. */
  maxCompressionRatio?: number;
  /** Default 20 000. */
  maxEntries?: number;
};

/** One line of text read from an image; `bbox` in the image's pixels from its top-left. */
export type OcrLine = { text: string; bbox?: BBox; confidence?: number };
export type OcrResult = { lines: OcrLine[] };

/**
 * Reads the text of one image (PNG, JPEG, … as `mime` says). A plain string is taken as the
 * whole image's text without positions; an `OcrResult` gives lines with boxes.
 */
export type OcrHook = (image: Uint8Array, info: { mime: string }) => Promise<string | OcrResult>;

export type ParseOptions = {
  /** The original file name; its extension must agree with the content. */
  filename: string;
  /** Refuse documents with more pages (slides, sheets) than this. Default 5 000. */
  maxPages?: number;
  /** 1-based inclusive page ranges to extract (RAGFlow's parserConfig.pages); default: all. */
  pages?: ReadonlyArray<readonly [number, number]>;
  /** Wall-clock budget for one parse. Default 120 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  zip?: ZipLimits;
  /**
   * Reads text out of images and scanned PDF pages. Default: the built-in offline PaddleOCR
   * engine (loaded on first use). `false` turns OCR off: images are then refused with
   * OCR_UNAVAILABLE and scanned PDF pages stay empty (listed in `meta.pagesWithoutText`).
   */
  ocr?: OcrHook | false;
};
