import { loadSharp, type RecognizeInput, recognize } from "./ocr";
import type { BBox, Block, OcrLine, OcrResult, ParseOptions } from "./types";

/** Text lines of one image, boxes in that image's pixels. */
export type OcrOutput = { lines: OcrLine[]; width?: number; height?: number };

/** Runs OCR on one image (encoded or raw pixels) with the engine `options` chose. */
export type OcrRunner = (input: RecognizeInput) => Promise<OcrOutput>;

/**
 * The engine of a parse: the built-in one unless the caller passed its own hook, none when OCR
 * is turned off (`ocr: false`). A hook receives encoded images: raw pixels (PDF scans) and TIFF
 * pages are converted to PNG for it first.
 */
export function ocrRunner(options: ParseOptions): OcrRunner | undefined {
  const hook = options.ocr;
  if (hook === false) return undefined;
  if (hook === undefined) return recognize;
  return async (input) => {
    let bytes = input.bytes;
    let mime =
      input.kind === "encoded" && input.page === undefined ? (input.mime ?? "image/png") : "image/png";
    let size: { width: number; height: number } | undefined;
    if (input.kind === "raw") {
      const { width, height, channels } = input;
      bytes = await loadSharp()(input.bytes, { raw: { width, height, channels } }).png().toBuffer();
      size = { width, height };
    } else if (input.page !== undefined) {
      const out = await loadSharp()(input.bytes, { page: input.page })
        .png()
        .toBuffer({ resolveWithObject: true });
      bytes = out.data;
      size = { width: out.info.width, height: out.info.height };
      mime = "image/png";
    }
    return fromHook(await hook(bytes, { mime }), size);
  };
}

function fromHook(result: string | OcrResult, size?: { width: number; height: number }): OcrOutput {
  if (typeof result !== "string") return { lines: result.lines, ...size };
  const text = result.trim();
  if (text === "") return { lines: [], ...size };
  // A hook that returns plain text says nothing about where it is: the whole image, if known.
  const bbox = size ? { x0: 0, x1: size.width, top: 0, bottom: size.height } : undefined;
  return {
    lines: text.split(/\r?\n/).map((line) => ({ text: line, ...(bbox ? { bbox } : {}) }) as OcrLine),
    ...size,
  };
}

/** Maps a box in image pixels to the page's frame (identity for an image document). */
export type BoxMapper = (box: BBox) => BBox;

/**
 * Groups OCR lines into paragraphs: a line continues the previous one when it has about the same
 * height, starts within about a line height below it and overlaps it horizontally. The engine
 * already joins the pieces of one row, so a table row arrives as one line. Blocks keep the union
 * of their lines' boxes, mapped into the page's frame.
 */
export function ocrBlocks(lines: OcrLine[], map: BoxMapper = (b) => b): Block[] {
  const blocks: Array<Block & { last: BBox }> = [];
  for (const line of lines) {
    const text = line.text.trim();
    if (text === "") continue;
    const box = line.bbox;
    const prev = blocks[blocks.length - 1];
    if (prev && box && continues(prev.last, box)) {
      prev.text = joinLines(prev.text, text);
      prev.bbox = union(prev.bbox, map(box));
      prev.last = box;
      continue;
    }
    blocks.push({
      kind: "paragraph",
      text,
      ...(box ? { bbox: map(box) } : {}),
      last: box ?? { x0: 0, x1: 0, top: 0, bottom: 0 },
    });
  }
  return blocks.map(({ last: _last, ...block }) => block);
}

function continues(prev: BBox, next: BBox): boolean {
  const hp = prev.bottom - prev.top;
  const hn = next.bottom - next.top;
  if (hp <= 0 || hn <= 0) return false;
  const similar = Math.max(hp, hn) / Math.min(hp, hn) <= 1.4;
  const gap = next.top - prev.bottom;
  const overlaps = next.x0 < prev.x1 && next.x1 > prev.x0;
  return similar && overlaps && gap > -0.3 * hp && gap <= 0.9 * Math.max(hp, hn);
}

const isCjk = (ch: string) =>
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(ch);

function joinLines(a: string, b: string): string {
  if (/\p{Ll}-$/u.test(a) && /^\p{Ll}/u.test(b)) return a.slice(0, -1) + b;
  if (isCjk(a.slice(-1)) && isCjk(b.slice(0, 1))) return a + b;
  return `${a} ${b}`;
}

function union(a: BBox | undefined, b: BBox): BBox {
  if (!a) return b;
  return {
    x0: Math.min(a.x0, b.x0),
    x1: Math.max(a.x1, b.x1),
    top: Math.min(a.top, b.top),
    bottom: Math.max(a.bottom, b.bottom),
  };
}
