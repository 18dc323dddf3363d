import { ParseError } from "../errors";
import type { Budget } from "./budget";
import type { ParsedDocument, ParseOptions } from "./types";

/** Images carry no text of their own: the caller's OCR hook reads them, or they are refused. */
export async function parseImage(
  bytes: Uint8Array,
  mime: string,
  options: ParseOptions,
  budget: Budget,
): Promise<ParsedDocument> {
  if (!options.ocr) {
    throw new ParseError(
      "OCR_UNAVAILABLE",
      `"${options.filename}" is an image and no OCR engine is configured`,
      {
        filename: options.filename,
        detected: mime,
      },
    );
  }
  const text = (await budget.race(options.ocr(bytes, { mime }))).trim();
  const blocks = text === "" ? [] : [{ kind: "paragraph" as const, text }];
  return { type: "image", pages: [{ number: 1, text, blocks }], meta: { pageCount: 1 } };
}
