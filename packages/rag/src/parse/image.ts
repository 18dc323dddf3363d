import { ParseError } from "../errors";
import { decodeBmp } from "./bmp";
import { assertPageCount, type Budget, isPageWanted } from "./budget";
import { loadSharp, MAX_IMAGE_PIXELS } from "./ocr";
import { ocrBlocks, ocrRunner } from "./ocr-layout";
import { OCR_IMAGE_ALLOWANCE_MS } from "./pdf-ocr";
import type { Page, ParsedDocument, ParseOptions } from "./types";

/**
 * Images are read by OCR: every text line becomes a paragraph block whose box is in the image's
 * pixels (page 1, or one page per frame of a multi-page TIFF such as a scanned fax). Without an
 * engine (`ocr: false`) an image is refused with OCR_UNAVAILABLE rather than stored as a document
 * that can never be found.
 */
export async function parseImage(
  bytes: Uint8Array,
  mime: string,
  options: ParseOptions,
  budget: Budget,
): Promise<ParsedDocument> {
  const { filename } = options;
  const run = ocrRunner(options);
  if (!run) {
    throw new ParseError("OCR_UNAVAILABLE", `"${filename}" is an image and OCR is turned off`, {
      filename,
      detected: mime,
    });
  }
  const corrupt = (error: unknown) => {
    if (error instanceof ParseError) return error;
    const why = error instanceof Error ? error.message : String(error);
    return new ParseError("CORRUPT", `"${filename}" is not a readable image: ${why}`, { filename }, error);
  };

  // sharp (libvips) has no BMP reader: bitmaps are decoded here into raw pixels.
  const bmp = mime === "image/bmp" ? decodeBmp(bytes, filename) : undefined;
  let pageCount = 1;
  if (mime === "image/tiff") {
    try {
      const meta = await budget.race(loadSharp()(bytes, { failOn: "none" }).metadata());
      pageCount = Math.max(1, meta.pages ?? 1);
      if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_IMAGE_PIXELS) throw tooLarge(filename, meta);
    } catch (error) {
      throw corrupt(error);
    }
    assertPageCount(pageCount, budget);
  }

  const pages: Page[] = [];
  for (let n = 1; n <= pageCount; n++) {
    if (!isPageWanted(n, options.pages)) continue;
    budget.check();
    budget.extend(OCR_IMAGE_ALLOWANCE_MS);
    let out: Awaited<ReturnType<typeof run>>;
    try {
      out = await budget.race(
        bmp
          ? run({ kind: "raw", ...bmp })
          : run({ kind: "encoded", bytes, mime, ...(pageCount > 1 ? { page: n - 1 } : {}) }),
      );
    } catch (error) {
      throw corrupt(error);
    }
    const blocks = ocrBlocks(out.lines);
    pages.push({
      number: n,
      text: blocks.map((b) => b.text).join("\n"),
      blocks,
      ...(out.width && out.height ? { width: out.width, height: out.height } : {}),
    });
  }
  return {
    type: "image",
    pages,
    meta: { pageCount, ocrPages: pages.map((p) => p.number), extra: { mime } },
  };
}

function tooLarge(filename: string, meta: { width?: number; height?: number }): ParseError {
  return new ParseError(
    "CORRUPT",
    `"${filename}" is ${meta.width}×${meta.height} pixels, more than the ${MAX_IMAGE_PIXELS / 1e6} megapixels an image may have`,
    { filename, limit: MAX_IMAGE_PIXELS, actual: (meta.width ?? 0) * (meta.height ?? 0) },
  );
}
