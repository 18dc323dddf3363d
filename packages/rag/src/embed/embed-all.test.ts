import { describe, expect, it } from "vitest";
import { embedAll } from "./embed-all";
import { l2Normalize } from "./normalize";
import type { Embedder, EmbedOptions, EmbedProgress } from "./types";

/** An in-memory embedder: vector = [length, first char code], with a random delay per call. */
function stubEmbedder(options: { maxBatch?: number; failOnCall?: number } = {}) {
  const calls: string[][] = [];
  const embedder: Embedder = {
    id: "stub@test",
    dimension: 2,
    maxBatch: options.maxBatch ?? 4,
    async embed(texts: string[], embedOptions?: EmbedOptions) {
      calls.push(texts);
      const call = calls.length;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
      embedOptions?.signal?.throwIfAborted();
      if (call === options.failOnCall) throw new Error(`call ${call} failed`);
      return texts.map((text) => [text.length, text.charCodeAt(0) || 0]);
    },
  };
  return { embedder, calls };
}

const texts = Array.from({ length: 23 }, (_, i) => `${String.fromCharCode(65 + i)}${"x".repeat(i)}`);

describe("embedAll", () => {
  it("batches by maxBatch, keeps input order under concurrency and reports progress", async () => {
    const { embedder, calls } = stubEmbedder({ maxBatch: 5 });
    const progress: EmbedProgress[] = [];
    const vectors = await embedAll(embedder, texts, { concurrency: 3, onProgress: (p) => progress.push(p) });
    expect(calls.map((batch) => batch.length).sort()).toEqual([3, 5, 5, 5, 5]);
    expect(vectors).toHaveLength(texts.length);
    texts.forEach((text, i) => {
      expect(vectors[i]).toBeInstanceOf(Float32Array);
      expect(Array.from(vectors[i] ?? [])).toEqual([text.length, text.charCodeAt(0)]);
    });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ done: 23, total: 23 });
  });

  it("honours an explicit batch size and returns nothing for no texts", async () => {
    const { embedder, calls } = stubEmbedder();
    await embedAll(embedder, texts, { batchSize: 10, concurrency: 1 });
    expect(calls.map((batch) => batch.length)).toEqual([10, 10, 3]);
    expect(await embedAll(embedder, [])).toEqual([]);
  });

  it("stops after the first failing batch and throws its error", async () => {
    const { embedder, calls } = stubEmbedder({ maxBatch: 2, failOnCall: 2 });
    await expect(embedAll(embedder, texts, { concurrency: 1 })).rejects.toThrow("call 2 failed");
    expect(calls).toHaveLength(2);
  });

  it("throws the caller's abort reason and starts no further batch", async () => {
    const { embedder, calls } = stubEmbedder({ maxBatch: 2 });
    const controller = new AbortController();
    const pending = embedAll(embedder, texts, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done >= 4) controller.abort(new Error("stop"));
      },
    });
    await expect(pending).rejects.toThrow("stop");
    expect(calls).toHaveLength(2);
  });

  it("refuses vectors of the wrong dimension", async () => {
    const embedder: Embedder = {
      id: "bad@test",
      dimension: 3,
      maxBatch: 8,
      embed: async (batch) => batch.map(() => l2Normalize(new Float32Array([1, 1]))),
    };
    await expect(embedAll(embedder, ["a"])).rejects.toThrow("2-d vector, expected 3");
  });
});
