// The built-in offline embedder: Universal Sentence Encoder lite (512-d) from the
// `@energetic-ai/*` packages, run in a pool of worker threads. At ~10 texts/s per core it is the
// slowest step of ingestion, so it must use every core and must never run on the caller's event
// loop: tokenising, inference and normalising all happen in the workers, and vectors come back as
// transferred buffers.

import { availableParallelism } from "node:os";
import { type ResourceLimits, Worker } from "node:worker_threads";
import type { FromWorker, ToWorker, WorkerConfig } from "./builtin-protocol";
import { EmbeddingProviderError } from "./errors";
import type { Embedder, EmbedOptions } from "./types";

export const BUILTIN_EMBEDDER_ID = "universal-sentence-encoder-lite@builtin";
export const BUILTIN_EMBEDDER_DIMENSION = 512;
const MODEL = "universal-sentence-encoder-lite";

export type BuiltinEmbedderOptions = {
  /** Worker threads, one core each. Default: every core (`os.availableParallelism()`). */
  threads?: number;
  /** Tokens kept per text (USE's SentencePiece tokens, ~3.5 characters of English each). Default 1 024. */
  maxTokens?: number;
  /**
   * Most texts sent to one worker at a time. Batching barely changes USE-lite's speed (measured
   * 1, 4 and 16: same texts/s), so it is kept small: a high-priority call waits for at most one
   * such batch per worker (~0.1 s of abstract), and the WASM memory that a batch's activations
   * need stays small too (it never shrinks once grown: ≈ 13 MB less per worker than with 4).
   * Default 1.
   */
  workerBatch?: number;
  /**
   * Niceness (0–19) of the worker threads (Linux; ignored elsewhere). Default 0. Ingestion sets it
   * so that embedding, which is the long pole, never slows parsing and keyword indexing down: a
   * niced thread still gets every core nobody else is using.
   */
  niceness?: number;
  /**
   * V8 heap limits per worker (the model's WASM memory is not counted). A worker that exceeds
   * them dies; like any worker death, that fails the call it served (or, while loading, the
   * waiting calls) with MODEL_UNAVAILABLE. Default: a 2 MB young generation and 128 MB old
   * generation — the worker's JS heap holds ~20 MB, and V8's default young generation alone kept
   * ≈ 50 MB more resident per worker (measured: RSS of 2 loaded workers 309 → 183 MB).
   */
  resourceLimits?: ResourceLimits;
};

export interface BuiltinEmbedder extends Embedder {
  readonly threads: number;
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[]>;
  /** Starts every worker and loads the model in each (otherwise done on the first `embed`); resolves with each worker's load time in ms. */
  warmup(): Promise<number[]>;
  /** Rejects pending calls and terminates the workers. */
  close(): Promise<void>;
}

type Call = {
  results: Float32Array[];
  remaining: number;
  settled: boolean;
  resolve(vectors: Float32Array[]): void;
  reject(error: unknown): void;
};

type Job = { id: number; call: Call; offset: number; texts: string[] };

type Slot = {
  worker: Worker;
  ready: boolean;
  loadMs: number;
  job: Job | undefined;
  exited: boolean;
};

const workerExtension = (): string => {
  const path = new URL(import.meta.url).pathname;
  return path.slice(path.lastIndexOf("."));
};

/**
 * Workers get the parent's flags, so a parent started with `--import tsx` hands tsx to them;
 * otherwise Node ≥ 22.18 strips the types of the `.ts` worker itself. `--input-type` is dropped:
 * it is only legal with `--eval`, and a worker started from a file refuses to boot with it. tsx is
 * added explicitly only when neither applies (type stripping switched off).
 */
const workerExecArgv = (extension: string): string[] => {
  const argv: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i] ?? "";
    if (arg === "--input-type") i++;
    else if (!arg.startsWith("--input-type=")) argv.push(arg);
  }
  const needsLoader =
    extension === ".ts" && !process.features.typescript && !argv.some((arg) => arg.includes("tsx"));
  return needsLoader ? [...argv, "--import", "tsx"] : argv;
};

export function createBuiltinEmbedder(options: BuiltinEmbedderOptions = {}): BuiltinEmbedder {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const workerBatch = Math.max(1, Math.floor(options.workerBatch ?? 1));
  const resourceLimits: ResourceLimits = options.resourceLimits ?? {
    maxYoungGenerationSizeMb: 2,
    maxOldGenerationSizeMb: 128,
  };
  const config: WorkerConfig = {
    maxTokens: Math.max(1, Math.floor(options.maxTokens ?? 1024)),
    niceness: Math.max(0, Math.min(19, Math.floor(options.niceness ?? 0))),
  };
  const extension = workerExtension();
  const workerUrl = new URL(`./builtin-worker${extension}`, import.meta.url);
  const execArgv = workerExecArgv(extension);

  const slots: Slot[] = [];
  const urgent: Job[] = [];
  const normal: Job[] = [];
  let nextJobId = 1;
  let warmups = 0;
  let closed = false;
  const readyWaiters = new Set<{ resolve(): void; reject(error: unknown): void }>();

  const fail = (code: "MODEL_UNAVAILABLE" | "BAD_REQUEST" | "CLOSED", message: string, cause?: unknown) =>
    new EmbeddingProviderError(`Built-in embedder (${MODEL}): ${message}`, {
      provider: "builtin",
      model: MODEL,
      code,
      cause,
    });

  const settle = (call: Call, error: unknown) => {
    if (call.settled) return;
    call.settled = true;
    call.reject(error);
  };

  const dropQueued = (predicate: (job: Job) => boolean) => {
    for (const queue of [urgent, normal]) {
      for (let i = queue.length - 1; i >= 0; i--) {
        const job = queue[i];
        if (job !== undefined && predicate(job)) queue.splice(i, 1);
      }
    }
  };

  const failEverything = (error: EmbeddingProviderError) => {
    for (const job of [...urgent, ...normal]) settle(job.call, error);
    urgent.length = 0;
    normal.length = 0;
    for (const waiter of readyWaiters) waiter.reject(error);
    readyWaiters.clear();
  };

  // Idle workers must not keep the process alive (a caller that forgets close() still exits), but
  // they must while a call or a warm-up waits on them.
  const updateRefs = () => {
    const busy = warmups > 0 || urgent.length > 0 || normal.length > 0 || slots.some((slot) => slot.job);
    for (const slot of slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
  };

  const removeSlot = (slot: Slot) => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
  };

  const notifyReady = () => {
    if (slots.length >= threads && slots.every((slot) => slot.ready)) {
      for (const waiter of readyWaiters) waiter.resolve();
      readyWaiters.clear();
    }
  };

  const spawn = () => {
    const worker = new Worker(workerUrl, {
      workerData: config,
      name: "ragtime-builtin-embedder",
      execArgv,
      resourceLimits,
    });
    const slot: Slot = { worker, ready: false, loadMs: 0, job: undefined, exited: false };
    slots.push(slot);

    worker.on("message", (message: FromWorker) => {
      switch (message.type) {
        case "ready":
          slot.ready = true;
          slot.loadMs = message.loadMs;
          notifyReady();
          break;
        case "fatal":
          // Every worker would fail the same way (missing package files, WASM refused): fail what
          // waits instead of respawning in a loop. The next call tries again from scratch.
          failEverything(fail("MODEL_UNAVAILABLE", `the model could not be loaded: ${message.message}`));
          slot.exited = true;
          removeSlot(slot);
          void worker.terminate();
          updateRefs();
          return;
        case "result": {
          const job = slot.job;
          slot.job = undefined;
          if (job !== undefined && job.id === message.id && !job.call.settled) {
            const { call } = job;
            for (let i = 0; i < message.count; i++) {
              call.results[job.offset + i] = message.vectors.slice(
                i * BUILTIN_EMBEDDER_DIMENSION,
                (i + 1) * BUILTIN_EMBEDDER_DIMENSION,
              );
            }
            call.remaining -= message.count;
            if (call.remaining === 0) {
              call.settled = true;
              call.resolve(call.results);
            }
          }
          break;
        }
        case "error": {
          const job = slot.job;
          slot.job = undefined;
          if (job !== undefined) {
            settle(job.call, fail("BAD_REQUEST", message.message));
            dropQueued((queued) => queued.call === job.call);
          }
          break;
        }
      }
      dispatch();
    });

    const onDeath = (error: unknown) => {
      if (slot.exited) return;
      slot.exited = true;
      removeSlot(slot);
      if (closed) return;
      const died = fail("MODEL_UNAVAILABLE", "a worker thread died", error);
      if (slot.job !== undefined) {
        settle(slot.job.call, died);
        const { call } = slot.job;
        dropQueued((queued) => queued.call === call);
        slot.job = undefined;
      }
      if (!slot.ready) {
        // Died while loading: the next one would likely die too, so fail what waits, spawn nothing.
        failEverything(died);
        updateRefs();
        return;
      }
      // A replacement is spawned if work is still queued.
      dispatch();
    };
    worker.on("error", onDeath);
    worker.on("exit", (code) => onDeath(new Error(`worker exited with code ${code}`)));
  };

  const dispatch = () => {
    if (closed) return;
    const queued = urgent.length + normal.length;
    // As many workers as there is work for (a warm-up starts them all): a caller that keeps one
    // text in flight — ingestion while it is still parsing — costs one worker's memory (~85 MB),
    // and a large call starts every worker at once, loading the model in parallel.
    const idle = slots.filter((slot) => slot.job === undefined).length;
    const needed = warmups > 0 ? threads : Math.min(threads, slots.length - idle + queued);
    while (slots.length < needed) spawn();
    for (const slot of slots) {
      if (!slot.ready || slot.job !== undefined) continue;
      const job = urgent.shift() ?? normal.shift();
      if (job === undefined) break;
      slot.job = job;
      const request: ToWorker = { type: "embed", id: job.id, texts: job.texts };
      slot.worker.postMessage(request);
    }
    updateRefs();
  };

  const embed = (texts: string[], embedOptions: EmbedOptions = {}): Promise<Float32Array[]> => {
    const { signal } = embedOptions;
    if (closed) return Promise.reject(fail("CLOSED", "the embedder is closed"));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (texts.length === 0) return Promise.resolve([]);

    return new Promise<Float32Array[]>((resolve, reject) => {
      const onAbort = () => {
        settle(call, signal?.reason);
        dropQueued((job) => job.call === call);
        updateRefs();
      };
      const call: Call = {
        results: new Array<Float32Array>(texts.length),
        remaining: texts.length,
        settled: false,
        resolve: (vectors) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(vectors);
        },
        reject: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });

      // Small enough that every thread gets a share of this call, and that a high-priority call
      // never waits behind more than one batch per worker.
      const size = Math.min(workerBatch, Math.ceil(texts.length / threads));
      const queue = embedOptions.priority === "high" ? urgent : normal;
      for (let offset = 0; offset < texts.length; offset += size) {
        queue.push({ id: nextJobId++, call, offset, texts: texts.slice(offset, offset + size) });
      }
      dispatch();
    });
  };

  const warmup = async (): Promise<number[]> => {
    if (closed) throw fail("CLOSED", "the embedder is closed");
    warmups++;
    try {
      const ready = new Promise<void>((resolve, reject) => readyWaiters.add({ resolve, reject }));
      dispatch();
      notifyReady();
      await ready;
      return slots.map((slot) => slot.loadMs);
    } finally {
      warmups--;
      updateRefs();
    }
  };

  const close = async () => {
    if (closed) return;
    closed = true;
    const error = fail("CLOSED", "the embedder was closed");
    failEverything(error);
    for (const slot of slots) if (slot.job !== undefined) settle(slot.job.call, error);
    const terminating = slots.map((slot) => slot.worker.terminate());
    slots.length = 0;
    await Promise.all(terminating);
  };

  return {
    id: BUILTIN_EMBEDDER_ID,
    dimension: BUILTIN_EMBEDDER_DIMENSION,
    maxBatch: 64,
    threads,
    embed,
    warmup,
    close,
  };
}
