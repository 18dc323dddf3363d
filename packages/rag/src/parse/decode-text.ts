/**
 * Decodes bytes that are meant to be text. BOMs win; then strict UTF-8; then the charset a
 * document declares (HTML meta, MIME); then windows-1252, which never fails and is what
 * legacy Western files almost always are.
 */
export function decodeText(bytes: Uint8Array, declaredCharset?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder("utf-8").decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: fall through to the declared or legacy charset.
  }
  if (declaredCharset) {
    try {
      return new TextDecoder(declaredCharset).decode(bytes);
    } catch {
      // Unknown label: fall back below.
    }
  }
  return new TextDecoder("windows-1252").decode(bytes);
}

/**
 * Whether bytes look like text: no NUL in the first 8 KiB (UTF-16 with a BOM excepted). Control
 * characters other than tab, newlines and form feed are allowed only sparsely.
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const n = Math.min(bytes.length, 8192);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0) return false;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) controls++;
  }
  return controls <= n / 100;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  copy: "©",
  reg: "®",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  laquo: "«",
  raquo: "»",
  euro: "€",
};

/** Decodes the HTML entities that Markdown sources and XML text commonly carry. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code =
        body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Collapses runs of blanks (keeping newlines out of it) the way a reader would see the text. */
export function squash(text: string): string {
  return text.replace(/[ \t\u00a0\u2000-\u200b\u3000]+/g, " ").trim();
}
