/**
 * A text embedder. Every implementation returns one L2-normalised vector per input text, in input
 * order, so a dot product is the cosine similarity whichever model produced it.
 */
export interface Embedder {
  /** `"<model>@<provider>"`, e.g. `"universal-sentence-encoder-lite@builtin"`; stored with a KB's vectors. */
  readonly id: string;
  /** Vector length; 0 for a remote model whose size is only learnt from its first answer. */
  readonly dimension: number;
  /** Most texts worth sending in one `embed` call; larger calls still work (they are split). */
  readonly maxBatch: number;
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[] | number[][]>;
  /** Releases workers or sockets; the embedder refuses work afterwards. */
  close?(): Promise<void>;
}

export type EmbedOptions = {
  signal?: AbortSignal;
  /**
   * `"high"` jumps the queue of a shared local pool, so that a search query does not wait behind
   * a bulk ingestion. Remote providers ignore it.
   */
  priority?: "high" | "normal";
};

export type EmbedProgress = { done: number; total: number };
