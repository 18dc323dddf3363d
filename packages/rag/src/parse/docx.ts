import mammoth from "mammoth";
import { ParseError } from "../errors";
import type { Budget } from "./budget";
import { htmlToBlocks } from "./html-blocks";
import type { ParsedDocument, ParseOptions } from "./types";

// Images are dropped rather than inlined as base64 data URIs: they would bloat the HTML by the
// size of every picture and carry no text (OCR of embedded images is a separate step).
const dropImages = mammoth.images.imgElement(() => Promise.resolve({ src: "" }));

/**
 * DOCX through mammoth, rendered to HTML so Word's heading styles arrive as h1–h6 and tables as
 * tables. Word has no stable page boundaries in the file, so the document is one page. Only called
 * on archives that passed `guardZip` (mammoth inflates without limits).
 */
export async function parseDocx(
  bytes: Uint8Array,
  options: ParseOptions,
  budget: Budget,
): Promise<ParsedDocument> {
  let html: string;
  try {
    const result = await budget.race(
      mammoth.convertToHtml(
        { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
        // externalFileAccess: false — a document must never make us read files it links to.
        { convertImage: dropImages, externalFileAccess: false },
      ),
    );
    html = result.value;
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError(
      "CORRUPT",
      `"${options.filename}" is not a readable Word document`,
      { filename: options.filename },
      error,
    );
  }
  const { blocks } = htmlToBlocks(html);
  const title = blocks.find((b) => b.kind === "heading")?.text;
  return {
    type: "docx",
    pages: [{ number: 1, text: blocks.map((b) => b.text).join("\n"), blocks }],
    meta: { pageCount: 1, ...(title ? { title } : {}) },
  };
}
