import { describe, expect, it } from "vitest";
import { countTokens, decodeTokens, encodeTokens, truncateToTokens } from "./count-tokens";

describe("countTokens (cl100k_base)", () => {
  it("counts like OpenAI's tokenizer", () => {
    // cl100k_base: " net", " sales" are single tokens; digits come in groups of at most three.
    expect(countTokens("hello world")).toBe(2);
    expect(countTokens("Total net sales 82,959")).toBe(7);
    expect(countTokens("")).toBe(0);
  });

  it("treats special-token text in a document as plain text instead of throwing", () => {
    expect(countTokens("models end with <|endoftext|> markers")).toBeGreaterThan(5);
  });

  it("round-trips and truncates to a token budget", () => {
    const text = "The quick brown fox jumps over the lazy dog.";
    expect(decodeTokens(encodeTokens(text))).toBe(text);
    expect(countTokens(truncateToTokens(text, 4))).toBeLessThanOrEqual(4);
    expect(truncateToTokens(text, 100)).toBe(text);
  });
});
