import type { Budget } from "./budget";
import { type BoxMapper, type OcrRunner, ocrBlocks } from "./ocr-layout";
import type { BBox, Block } from "./types";

/**
 * Scanned PDF pages. A page whose text layer has fewer than this many visible characters (none, or
 * a stamped page number) is treated as a scan: its images are read by OCR. Pages with a real text
 * layer are never OCR'd, so born-digital PDFs never load the engine.
 */
export const SCANNED_PAGE_MAX_CHARS = 24;
/** Images covering less of the page than this (logos, bullets, signatures) are not read. */
const MIN_IMAGE_AREA = 0.04;
/** Images narrower or shorter than this (pixels) cannot hold a readable line. */
const MIN_IMAGE_SIDE = 32;
/** Extra time a default parse budget gets per image read by OCR (see `Budget.extend`). */
export const OCR_IMAGE_ALLOWANCE_MS = 60_000;

type Matrix = [number, number, number, number, number, number];
type PdfImage = { width: number; height: number; kind?: number; data?: Uint8Array | Uint8ClampedArray };
type OperatorList = { fnArray: number[]; argsArray: unknown[][] };
type ObjStore = { get(id: string, callback: (data: unknown) => void): unknown };
export type PdfPageLike = {
  getOperatorList(): Promise<OperatorList>;
  objs: ObjStore;
  commonObjs: ObjStore;
};
export type PdfOps = Record<
  | "save"
  | "restore"
  | "transform"
  | "paintImageXObject"
  | "paintInlineImageXObject"
  | "paintImageXObjectRepeat"
  | "paintFormXObjectBegin"
  | "paintFormXObjectEnd",
  number
>;
export type PageFrame = { width: number; height: number; originX: number; originY: number };

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const isMatrix = (v: unknown): v is Matrix =>
  (Array.isArray(v) || ArrayBuffer.isView(v)) && (v as ArrayLike<unknown>).length === 6;
const asMatrix = (v: unknown): Matrix => Array.from(v as ArrayLike<number>) as Matrix;

/** Every image painted on the page, with the transform it was painted under (the unit square). */
function paintedImages(list: OperatorList, ops: PdfOps): Array<{ ref: unknown; ctm: Matrix }> {
  const found: Array<{ ref: unknown; ctm: Matrix }> = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  list.fnArray.forEach((fn, i) => {
    const args = list.argsArray[i] ?? [];
    if (fn === ops.save) stack.push(ctm);
    else if (fn === ops.restore) ctm = stack.pop() ?? ctm;
    else if (fn === ops.transform && isMatrix(args)) ctm = multiply(ctm, asMatrix(args));
    else if (fn === ops.paintFormXObjectBegin) {
      stack.push(ctm);
      if (isMatrix(args[0])) ctm = multiply(ctm, asMatrix(args[0]));
    } else if (fn === ops.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === ops.paintImageXObject || fn === ops.paintInlineImageXObject) {
      found.push({ ref: args[0], ctm });
    } else if (fn === ops.paintImageXObjectRepeat) {
      // Tiled copies of one image: the first tile stands for all of them.
      const [ref, scaleX, scaleY, positions] = args as [unknown, number, number, number[]];
      const [x = 0, y = 0] = positions ?? [];
      found.push({ ref, ctm: multiply(ctm, [scaleX, 0, 0, scaleY, x, y]) });
    }
  });
  return found;
}

function resolveImage(page: PdfPageLike, ref: unknown): Promise<PdfImage | undefined> {
  if (typeof ref !== "string") return Promise.resolve(isImage(ref) ? ref : undefined);
  const store = ref.startsWith("g_") ? page.commonObjs : page.objs;
  return new Promise((resolve) => {
    store.get(ref, (data) => resolve(isImage(data) ? data : undefined));
  });
}

const isImage = (v: unknown): v is PdfImage =>
  typeof v === "object" && v !== null && "width" in v && "height" in v && "data" in v;

/** pdf.js image data (1-bit packed grey, RGB or RGBA) as pixels sharp can take. */
function toPixels(image: PdfImage): { bytes: Uint8Array; channels: 1 | 3 | 4 } | undefined {
  const { width, height, data } = image;
  if (!data) return undefined;
  const pixels = width * height;
  if (image.kind === 1 || data.length === Math.ceil(width / 8) * height) {
    // GRAYSCALE_1BPP, rows padded to whole bytes; a set bit is white.
    const stride = Math.ceil(width / 8);
    const out = new Uint8Array(pixels);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const byte = data[y * stride + (x >> 3)] ?? 0;
        out[y * width + x] = byte & (0x80 >> (x & 7)) ? 255 : 0;
      }
    }
    return { bytes: out, channels: 1 };
  }
  const channels = data.length / pixels;
  if (channels !== 1 && channels !== 3 && channels !== 4) return undefined;
  return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), channels };
}

/**
 * Reads the images of one scanned page and returns their text as blocks whose boxes are in the
 * page's frame (points from the top-left), like the text layer's.
 */
export async function ocrScannedPage(
  page: PdfPageLike,
  frame: PageFrame,
  ops: PdfOps,
  run: OcrRunner,
  budget: Budget,
): Promise<Block[]> {
  const list = await budget.race(page.getOperatorList());
  const blocks: Block[] = [];
  const pageArea = frame.width * frame.height;
  for (const { ref, ctm } of paintedImages(list, ops)) {
    budget.check();
    // The image fills the unit square under its transform; its pixel (u, v) from the top-left
    // lands at ctm × (u / w, 1 − v / h) in user space.
    const corners = [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ].map(([a = 0, b = 0]) => [ctm[0] * a + ctm[2] * b + ctm[4], ctm[1] * a + ctm[3] * b + ctm[5]] as const);
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const area = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
    if (area < MIN_IMAGE_AREA * pageArea) continue;
    const image = await budget.race(resolveImage(page, ref));
    if (!image || image.width < MIN_IMAGE_SIDE || image.height < MIN_IMAGE_SIDE) continue;
    const pixels = toPixels(image);
    if (!pixels) continue;
    budget.extend(OCR_IMAGE_ALLOWANCE_MS);
    const out = await budget.race(
      run({
        kind: "raw",
        bytes: pixels.bytes,
        width: image.width,
        height: image.height,
        channels: pixels.channels,
      }),
    );
    const { width: w, height: h } = image;
    const toPage: BoxMapper = (box: BBox) => {
      const pts = [
        [box.x0, box.top],
        [box.x1, box.top],
        [box.x0, box.bottom],
        [box.x1, box.bottom],
      ].map(([u = 0, v = 0]) => {
        const a = u / w;
        const b = 1 - v / h;
        const x = ctm[0] * a + ctm[2] * b + ctm[4] - frame.originX;
        const y = ctm[1] * a + ctm[3] * b + ctm[5] - frame.originY;
        return [x, frame.height - y] as const;
      });
      const round = (v: number) => Math.round(v * 100) / 100;
      return {
        x0: round(Math.max(0, Math.min(...pts.map((p) => p[0])))),
        x1: round(Math.min(frame.width, Math.max(...pts.map((p) => p[0])))),
        top: round(Math.max(0, Math.min(...pts.map((p) => p[1])))),
        bottom: round(Math.min(frame.height, Math.max(...pts.map((p) => p[1])))),
      };
    };
    blocks.push(...ocrBlocks(out.lines, toPage));
  }
  return blocks.sort(
    (a, b) => (a.bbox?.top ?? 0) - (b.bbox?.top ?? 0) || (a.bbox?.x0 ?? 0) - (b.bbox?.x0 ?? 0),
  );
}

/** Visible characters of a page's text layer (whitespace does not count). */
export function visibleChars(runs: ReadonlyArray<{ str: string }>): number {
  let n = 0;
  for (const r of runs) n += r.str.replace(/\s+/g, "").length;
  return n;
}
