import type { Embedder, EmbedOptions, EmbedProgress } from "./types";

export type EmbedAllOptions = {
  /** Texts per `embed` call. Default: the embedder's `maxBatch`. */
  batchSize?: number;
  /**
   * Calls in flight at once. Default 2: keeps the built-in pool busy across batch boundaries
   * (a batch's last job would otherwise leave the other threads idle) and overlaps a remote
   * provider's latency, without hammering its rate limit.
   */
  concurrency?: number;
  signal?: AbortSignal;
  priority?: EmbedOptions["priority"];
  /** After every finished batch; `done` counts texts. */
  onProgress?: (progress: EmbedProgress) => void;
};

/**
 * Embeds any number of texts in batches and returns their vectors in input order as Float32Array.
 * The first failure stops the remaining batches and is thrown; aborting throws the signal's reason.
 */
export async function embedAll(
  embedder: Embedder,
  texts: readonly string[],
  options: EmbedAllOptions = {},
): Promise<Float32Array[]> {
  const { signal: callerSignal, onProgress, priority } = options;
  callerSignal?.throwIfAborted();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? embedder.maxBatch));
  const batches: number[] = [];
  for (let start = 0; start < texts.length; start += batchSize) batches.push(start);
  const results = new Array<Float32Array>(texts.length);
  if (texts.length === 0) return results;

  // Stops the sibling lanes as soon as one batch fails.
  const stop = new AbortController();
  const signal = callerSignal === undefined ? stop.signal : AbortSignal.any([callerSignal, stop.signal]);
  let next = 0;
  let done = 0;

  const lane = async () => {
    while (next < batches.length && !signal.aborted) {
      const start = batches[next++] ?? 0;
      const batch = texts.slice(start, start + batchSize);
      const vectors = await embedder.embed(batch, {
        signal,
        ...(priority === undefined ? {} : { priority }),
      });
      if (vectors.length !== batch.length) {
        throw new Error(`${embedder.id} returned ${vectors.length} vectors for ${batch.length} texts`);
      }
      vectors.forEach((vector, i) => {
        const array = vector instanceof Float32Array ? vector : Float32Array.from(vector);
        if (embedder.dimension > 0 && array.length !== embedder.dimension) {
          throw new Error(
            `${embedder.id} returned a ${array.length}-d vector, expected ${embedder.dimension}`,
          );
        }
        results[start + i] = array;
      });
      done += batch.length;
      onProgress?.({ done, total: texts.length });
    }
  };

  const lanes = Math.max(1, Math.min(Math.floor(options.concurrency ?? 2), batches.length));
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } catch (error) {
    stop.abort(error);
    throw error;
  }
  callerSignal?.throwIfAborted();
  return results;
}
