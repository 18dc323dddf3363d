import { getDocumentProxy, getResolvedPDFJS } from "unpdf";
import { ParseError } from "../errors";
import { assertPageCount, type Budget, isPageWanted } from "./budget";
import { ocrRunner } from "./ocr-layout";
import { layoutPages, type RawPage, type TextRun } from "./pdf-layout";
import {
  ocrScannedPage,
  type PdfOps,
  type PdfPageLike,
  SCANNED_PAGE_MAX_CHARS,
  visibleChars,
} from "./pdf-ocr";
import type { Block, ParsedDocument, ParseOptions } from "./types";

type PdfTextItem = { str: string; transform: number[]; width: number; height: number };
const isTextItem = (item: object): item is PdfTextItem => "str" in item && "transform" in item;

function asParseError(error: unknown, filename: string): ParseError {
  if (error instanceof ParseError) return error;
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") {
    return new ParseError("ENCRYPTED", `"${filename}" is password-protected`, { filename }, error);
  }
  const why = error instanceof Error ? error.message : String(error);
  return new ParseError("CORRUPT", `"${filename}" is not a readable PDF: ${why}`, { filename }, error);
}

/**
 * Text per page from the PDF text layer, with positions. The page count is checked before any
 * page is read, so a 10 000-page file is refused in milliseconds; the budget is checked between
 * pages. Pages without a text layer are listed in `meta.pagesWithoutText`; their images are read
 * by OCR (unless `options.ocr` is false) and listed in `meta.ocrPages`.
 */
export async function parsePdf(
  bytes: Uint8Array,
  options: ParseOptions,
  budget: Budget,
): Promise<ParsedDocument> {
  const { filename } = options;
  // pdf.js takes ownership of (detaches) the buffer it is given; the caller keeps its own.
  const data = bytes.slice();
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // verbosity 0: pdf.js would otherwise print font warnings for ordinary files to the console.
    pdf = await budget.race(getDocumentProxy(data, { verbosity: 0 }));
  } catch (error) {
    throw asParseError(error, filename);
  }
  try {
    const pageCount = pdf.numPages;
    assertPageCount(pageCount, budget);
    const raws: RawPage[] = [];
    const run = ocrRunner(options);
    const scanned = new Map<number, Block[]>();
    let ops: PdfOps | undefined;
    for (let n = 1; n <= pageCount; n++) {
      if (!isPageWanted(n, options.pages)) continue;
      budget.check();
      const page = await budget.race(pdf.getPage(n));
      const content = await budget.race(page.getTextContent());
      const [vx0 = 0, vy0 = 0, vx1 = 612, vy1 = 792] = page.view;
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!isTextItem(item) || item.str === "") continue;
        const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform;
        const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height;
        runs.push({ str: item.str, x, y, width: item.width, size });
      }
      const frame = { width: vx1 - vx0, height: vy1 - vy0, originX: vx0, originY: vy0 };
      raws.push({ number: n, ...frame, runs });
      if (run && visibleChars(runs) < SCANNED_PAGE_MAX_CHARS) {
        ops ??= (await getResolvedPDFJS()).OPS as PdfOps;
        const blocks = await ocrScannedPage(page as unknown as PdfPageLike, frame, ops, run, budget);
        if (blocks.length > 0) scanned.set(n, blocks);
      }
      page.cleanup();
    }
    const pages = layoutPages(raws);
    for (const page of pages) {
      const ocr = scanned.get(page.number);
      if (!ocr) continue;
      // The few characters of the text layer (a stamped page number) keep their place among the
      // lines read from the scan.
      page.blocks = [...page.blocks, ...ocr].sort((a, b) => (a.bbox?.top ?? 0) - (b.bbox?.top ?? 0));
      page.text = page.blocks.map((b) => b.text).join("\n");
    }
    const info = await readInfo(pdf, budget);
    const pagesWithoutText = pages.filter((p) => p.text.trim() === "").map((p) => p.number);
    return {
      type: "pdf",
      pages,
      meta: {
        pageCount,
        ...info,
        ...(pagesWithoutText.length > 0 ? { pagesWithoutText } : {}),
        ...(scanned.size > 0 ? { ocrPages: [...scanned.keys()] } : {}),
      },
    };
  } catch (error) {
    throw asParseError(error, filename);
  } finally {
    await pdf.loadingTask.destroy();
  }
}

async function readInfo(
  pdf: Awaited<ReturnType<typeof getDocumentProxy>>,
  budget: Budget,
): Promise<{ title?: string; author?: string }> {
  try {
    const { info } = await budget.race(pdf.getMetadata());
    const record: Record<string, unknown> = typeof info === "object" && info !== null ? { ...info } : {};
    const title = typeof record.Title === "string" ? record.Title.trim() : "";
    const author = typeof record.Author === "string" ? record.Author.trim() : "";
    return { ...(title ? { title } : {}), ...(author ? { author } : {}) };
  } catch {
    // Metadata is a nicety; a broken Info dictionary must not fail the document.
    return {};
  }
}

/**
 * The page count alone (no text extraction): ingestion splits a PDF into tasks of N pages
 * before any worker parses it.
 */
export async function countPdfPages(bytes: Uint8Array, filename: string): Promise<number> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
  try {
    pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
    return pdf.numPages;
  } catch (error) {
    throw asParseError(error, filename);
  } finally {
    await pdf?.loadingTask.destroy();
  }
}
