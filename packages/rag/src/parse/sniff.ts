import { ParseError } from "../errors";
import { decodeText, looksLikeText } from "./decode-text";
import type { DocumentType } from "./types";
import { listZipEntries } from "./zip";

export type SniffResult = {
  type: DocumentType;
  /** Lower-case extension without the dot; "" when the name has none. */
  ext: string;
  mime: string;
};

/** What the bytes are, independent of the name. */
type ContentKind =
  | { kind: "pdf" }
  | { kind: "docx" }
  | { kind: "xlsx" }
  | { kind: "pptx" }
  | { kind: "image"; mime: string; label: string }
  | { kind: "text" }
  | { kind: "other"; label: string; refused?: Refused };

const EXT_TYPES: Record<string, DocumentType> = {
  pdf: "pdf",
  docx: "docx",
  xlsx: "xlsx",
  pptx: "pptx",
  csv: "csv",
  tsv: "csv",
  html: "html",
  htm: "html",
  xhtml: "html",
  md: "markdown",
  markdown: "markdown",
  mdx: "markdown",
  txt: "text",
  text: "text",
  log: "text",
  rst: "text",
  json: "json",
  jsonl: "json",
  ndjson: "json",
  eml: "eml",
  png: "image",
  jpg: "image",
  jpeg: "image",
  gif: "image",
  bmp: "image",
  tif: "image",
  tiff: "image",
  webp: "image",
};

const CODE_EXTS = new Set(
  (
    "js mjs cjs jsx ts mts cts tsx py pyi rb go rs java kt kts scala c h cc cpp cxx hpp hh cs fs swift m mm php pl pm r " +
    "lua sh bash zsh fish ps1 bat sql yaml yml toml ini cfg conf xml xsd svg css scss less vue svelte dart ex exs erl " +
    "hs clj elm jl nim zig tf proto graphql gql dockerfile makefile cmake gradle tex"
  ).split(" "),
);

/**
 * Formats we recognise only to refuse them with a useful message: the format, and what to save the
 * file as so that it can be read. Legacy binary Office files (OLE2 compound files) need a reader
 * of their own (none is installed: mammoth, exceljs and our PPTX reader all read Office Open XML);
 * every Office version since 2007, and LibreOffice, saves the modern formats.
 */
type Refused = { format: string; saveAs?: string };
const REFUSED_EXTS: Record<string, Refused> = {
  doc: { format: "Word 97–2003 (.doc)", saveAs: "docx" },
  dot: { format: "Word 97–2003 template (.dot)", saveAs: "docx" },
  xls: { format: "Excel 97–2003 (.xls)", saveAs: "xlsx" },
  xlt: { format: "Excel 97–2003 template (.xlt)", saveAs: "xlsx" },
  ppt: { format: "PowerPoint 97–2003 (.ppt)", saveAs: "pptx" },
  pps: { format: "PowerPoint 97–2003 show (.pps)", saveAs: "pptx" },
  pot: { format: "PowerPoint 97–2003 template (.pot)", saveAs: "pptx" },
  odt: { format: "OpenDocument text (.odt)", saveAs: "docx" },
  ods: { format: "OpenDocument spreadsheet (.ods)", saveAs: "xlsx" },
  odp: { format: "OpenDocument presentation (.odp)", saveAs: "pptx" },
  rtf: { format: "RTF", saveAs: "docx" },
  msg: { format: "Outlook message (.msg)", saveAs: "eml" },
  zip: { format: "zip archive" },
};

/**
 * Which legacy Office file an OLE2 compound file is, from the names of its streams (UTF-16LE in
 * the directory): "WordDocument", "Workbook"/"Book", "PowerPoint Document", "__substg1.0_" (mail).
 */
function oleFormat(bytes: Uint8Array): Refused | undefined {
  const has = (name: string) => {
    const needle = new Uint8Array(name.length * 2);
    for (let i = 0; i < name.length; i++) needle[i * 2] = name.charCodeAt(i);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle) >= 0;
  };
  if (has("WordDocument")) return REFUSED_EXTS.doc;
  if (has("Workbook") || has("Book\u0000")) return REFUSED_EXTS.xls;
  if (has("PowerPoint Document")) return REFUSED_EXTS.ppt;
  if (has("__substg1.0_")) return REFUSED_EXTS.msg;
  return undefined;
}

const MIME: Record<DocumentType, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  csv: "text/csv",
  html: "text/html",
  markdown: "text/markdown",
  text: "text/plain",
  code: "text/plain",
  json: "application/json",
  eml: "message/rfc822",
  image: "application/octet-stream",
};

const LABELS: Record<ContentKind["kind"], string> = {
  pdf: "a PDF document",
  docx: "a Word document (docx)",
  xlsx: "an Excel workbook (xlsx)",
  pptx: "a PowerPoint deck (pptx)",
  image: "an image",
  text: "plain text",
  other: "binary data",
};

export function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

const startsWith = (b: Uint8Array, sig: ReadonlyArray<number>, at = 0) =>
  sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/**
 * `%PDF-` at the start; readers also accept it later in the first KiB (after junk some tools
 * prepend), but then the file must also end like a PDF, so a text file that merely mentions
 * "%PDF-1.7" near its top is not taken for one.
 */
function isPdf(bytes: Uint8Array): boolean {
  if (ascii(bytes, 0, 5) === "%PDF-") return true;
  return (
    /%PDF-\d\.\d/.test(ascii(bytes, 0, 1024)) &&
    ascii(bytes, Math.max(0, bytes.length - 1024), bytes.length).includes("%%EOF")
  );
}

const BMP_DIB_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

function detectContent(bytes: Uint8Array, filename: string): ContentKind {
  if (isPdf(bytes)) return { kind: "pdf" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return detectOoxml(bytes, filename);
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return { kind: "image", mime: "image/png", label: "PNG" };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: "image", mime: "image/jpeg", label: "JPEG" };
  if (ascii(bytes, 0, 4) === "GIF8") return { kind: "image", mime: "image/gif", label: "GIF" };
  // "BM" alone is too weak (text such as "BMI rose…" starts with it): a real bitmap also carries a
  // DIB header whose size field is one of the few the format defines.
  if (ascii(bytes, 0, 2) === "BM" && BMP_DIB_SIZES.has((bytes[14] ?? 0) | ((bytes[15] ?? 0) << 8))) {
    return { kind: "image", mime: "image/bmp", label: "BMP" };
  }
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") {
    return { kind: "image", mime: "image/webp", label: "WebP" };
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: "image", mime: "image/tiff", label: "TIFF" };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const refused = oleFormat(bytes);
    return refused
      ? { kind: "other", label: `a ${refused.format} file`, refused }
      : { kind: "other", label: "a legacy Office or Outlook file (OLE)" };
  }
  if (startsWith(bytes, [0x1f, 0x8b])) return { kind: "other", label: "gzip data" };
  if (ascii(bytes, 0, 4) === "Rar!") return { kind: "other", label: "a RAR archive" };
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) return { kind: "other", label: "a 7-Zip archive" };
  if (ascii(bytes, 0, 2) === "MZ" || ascii(bytes, 1, 4) === "ELF")
    return { kind: "other", label: "an executable" };
  if (looksLikeText(bytes)) return { kind: "text" };
  return { kind: "other", label: "binary data" };
}

function detectOoxml(bytes: Uint8Array, filename: string): ContentKind {
  let names: Set<string>;
  try {
    names = new Set(listZipEntries(bytes, filename).map((e) => e.name));
  } catch {
    return { kind: "other", label: "a damaged zip archive" };
  }
  if (names.has("[Content_Types].xml")) {
    if (names.has("word/document.xml")) return { kind: "docx" };
    if (names.has("xl/workbook.xml")) return { kind: "xlsx" };
    if (names.has("ppt/presentation.xml")) return { kind: "pptx" };
  }
  if (names.has("mimetype")) return { kind: "other", label: "an OpenDocument file" };
  return { kind: "other", label: "a zip archive" };
}

/**
 * Decides the document type from the content AND the file name, and refuses disagreements: a
 * `.pdf` that is not a PDF, a PDF named `.docx`, an image named `.txt`. Text content is typed by
 * its extension (after light checks for JSON and mail); a name without extension falls back to
 * the content alone.
 */
export function sniff(bytes: Uint8Array, filename: string): SniffResult {
  const ext = extensionOf(filename);
  if (bytes.length === 0) throw new ParseError("EMPTY_FILE", `"${filename}" is empty`, { filename });
  const content = detectContent(bytes, filename);
  const detected = content.kind === "other" || content.kind === "image" ? content.label : content.kind;
  const refusedWhy = REFUSED_EXTS[ext];
  const byExt: DocumentType | undefined = EXT_TYPES[ext] ?? (CODE_EXTS.has(ext) ? "code" : undefined);

  const mismatch = (expected: string) =>
    new ParseError(
      "TYPE_MISMATCH",
      `"${filename}" is named .${ext} but its content is ${content.kind === "other" ? content.label : LABELS[content.kind]}`,
      { filename, expected, detected },
    );
  const unsupported = (what: string) =>
    new ParseError("UNSUPPORTED_TYPE", `"${filename}": ${what} is not a supported document type`, {
      filename,
      detected,
      ...(ext ? { expected: ext } : {}),
    });
  const refuse = (why: Refused) =>
    new ParseError(
      "UNSUPPORTED_TYPE",
      why.saveAs
        ? `"${filename}" is in ${why.format} format, which cannot be read: save it as .${why.saveAs} and upload it again`
        : `"${filename}": ${why.format} is not a supported document type`,
      {
        filename,
        detected,
        format: why.format,
        ...(why.saveAs ? { saveAs: why.saveAs } : {}),
        ...(ext ? { expected: ext } : {}),
      },
    );

  // A legacy Office file is refused as what it is, whatever its name says.
  if (content.kind === "other" && content.refused) throw refuse(content.refused);
  if (content.kind === "other") {
    if (refusedWhy) throw refuse(refusedWhy);
    if (byExt) throw mismatch(byExt);
    throw unsupported(content.label);
  }
  if (content.kind === "image") {
    if (ext === "" || byExt === "image") return { type: "image", ext, mime: content.mime };
    throw mismatch(byExt ?? ext);
  }
  if (content.kind !== "text") {
    if (ext === "" || byExt === content.kind) return { type: content.kind, ext, mime: MIME[content.kind] };
    if (refusedWhy) throw refuse(refusedWhy);
    if (!byExt) throw unsupported(`.${ext}`);
    throw mismatch(byExt);
  }

  // Text content from here on.
  if (refusedWhy) throw refuse(refusedWhy);
  const head = decodeText(bytes.subarray(0, 4096)).replace(/^\uFEFF/, "");
  if (byExt === "pdf" || byExt === "docx" || byExt === "xlsx" || byExt === "pptx" || byExt === "image") {
    throw mismatch(byExt);
  }
  if (byExt === "json" && !/^\s*[[{"\d-]|^\s*(true|false|null)\b/.test(head)) {
    throw new ParseError("TYPE_MISMATCH", `"${filename}" is named .${ext} but does not start like JSON`, {
      filename,
      expected: "json",
      detected: "text",
    });
  }
  if (byExt === "eml" && !looksLikeMail(head)) {
    throw new ParseError("TYPE_MISMATCH", `"${filename}" is named .eml but has no mail headers`, {
      filename,
      expected: "eml",
      detected: "text",
    });
  }
  const type = byExt ?? guessTextType(head);
  return { type, ext, mime: MIME[type] };
}

function guessTextType(head: string): DocumentType {
  if (/^\s*(<!doctype html|<html[\s>])/i.test(head)) return "html";
  if (/^\s*[[{]/.test(head)) return "json";
  if (looksLikeMail(head)) return "eml";
  return "text";
}

const MAIL_HEADERS = /^(from|to|subject|date|received|return-path|message-id|mime-version|delivered-to):/im;

function looksLikeMail(head: string): boolean {
  const headerBlock = head.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const lines = headerBlock.split(/\r?\n/).filter((l) => !/^[ \t]/.test(l));
  const headerLike = lines.filter((l) => /^[A-Za-z][A-Za-z0-9-]*:/.test(l)).length;
  return headerLike >= 2 && headerLike >= lines.length * 0.8 && MAIL_HEADERS.test(headerBlock);
}
