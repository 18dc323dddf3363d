import { decodeText } from "./decode-text";
import { htmlToBlocks } from "./html-blocks";
import type { ParsedDocument } from "./types";

/** The charset an HTML file declares in its first KiB, used only when the bytes are not UTF-8. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

export function parseHtml(bytes: Uint8Array): ParsedDocument {
  const { blocks, title } = htmlToBlocks(decodeText(bytes, declaredCharset(bytes)));
  return {
    type: "html",
    pages: [{ number: 1, text: blocks.map((b) => b.text).join("\n"), blocks }],
    meta: { pageCount: 1, ...(title ? { title } : {}) },
  };
}
