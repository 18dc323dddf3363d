import { describe, expect, it } from "vitest";
import { doc, p } from "../../test/documents";
import { countTokens } from "../tokenize/count-tokens";
import { chunkDocument } from "./index";
import { delimiterPattern, splitAfterDelimiters } from "./merge";

const sentence = (i: number) => `Sentence number ${i} talks about topic ${i % 7} in some detail!`;

describe("naive chunking", () => {
  it("merges delimiter-split pieces up to chunkTokenNum and never beyond", () => {
    const text = Array.from({ length: 200 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkDocument(doc([[p(text)]]), "naive", { chunkTokenNum: 128 });
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) {
      expect(c.tokens).toBeLessThanOrEqual(128);
      expect(c.tokens).toBe(countTokens(c.content));
    }
    // Nothing is lost: every sentence lands in some chunk.
    const all = chunks.map((c) => c.content).join(" ");
    for (let i = 0; i < 200; i += 37) expect(all).toContain(sentence(i));
  });

  it("repeats the end of a chunk at the start of the next with overlapPercent", () => {
    const text = Array.from({ length: 60 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkDocument(doc([[p(text)]]), "naive", { chunkTokenNum: 100, overlapPercent: 30 });
    const [first, second] = chunks;
    const opening = `${second?.content.split("!")[0]}!`;
    // The next chunk opens with a sentence the previous one already ended with.
    expect(first?.content).toContain(opening);
    expect(opening).not.toBe(sentence(0));
    const noOverlap = chunkDocument(doc([[p(text)]]), "naive", { chunkTokenNum: 100 });
    expect(chunks.length).toBeGreaterThan(noOverlap.length);
  });

  it("cuts a delimiter-free wall of text so no chunk exceeds the budget", () => {
    const wall = "lorem ipsum dolor sit amet ".repeat(400);
    const chunks = chunkDocument(doc([[p(wall)]]), "naive", { chunkTokenNum: 64, delimiter: "\n" });
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(64);
  });

  it("carries the pages each chunk draws from", () => {
    const chunks = chunkDocument(doc([[p("Page one text.")], [p("Page two text.")]]), "naive");
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.pageNumbers).toEqual([1, 2]);
    expect(chunks[0]?.content).toBe("Page one text.\nPage two text.");
  });

  it("understands RAGFlow's backtick multi-character delimiters", () => {
    const pattern = delimiterPattern("`##`;");
    expect(splitAfterDelimiters("a##b;c", pattern)).toEqual(["a##", "b;", "c"]);
  });
});
