// Messages between the built-in embedder's pool (main thread) and its workers. Type-only: both
// sides import it with `import type`, so the worker needs no runtime import of a sibling file.

export type WorkerConfig = {
  /** Inputs longer than this many tokens are cut; bounds time and WASM memory per text. */
  maxTokens: number;
  /**
   * Scheduling niceness (0–19) the worker gives its own thread at start (Linux: per thread). A
   * niced encoder takes only the CPU nobody else wants: ingestion's parsing and indexing first.
   */
  niceness: number;
};

export type ToWorker = { type: "embed"; id: number; texts: string[] };

export type FromWorker =
  | { type: "ready"; loadMs: number }
  | { type: "fatal"; message: string }
  /** `vectors` holds `count` unit vectors of 512 floats back to back; its buffer is transferred. */
  | { type: "result"; id: number; count: number; vectors: Float32Array }
  | { type: "error"; id: number; message: string };
