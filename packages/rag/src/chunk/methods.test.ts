import { describe, expect, it } from "vitest";
import { doc, h, p, row } from "../../test/documents";
import { makePptx, makeXlsx, utf8 } from "../../test/fixtures";
import { parseDocument } from "../parse/index";
import { CHUNK_METHODS, CHUNKERS, chunkDocument, DEFAULT_CHUNK_CONFIG } from "./index";

describe("chunker registry", () => {
  it("has a chunker for every method of SPEC §3 and RAGFlow's defaults", () => {
    expect(Object.keys(CHUNKERS).sort()).toEqual([...CHUNK_METHODS].sort());
    expect(DEFAULT_CHUNK_CONFIG).toEqual({
      chunkTokenNum: 512,
      delimiter: "\n!?;。；！？",
      overlapPercent: 0,
    });
    const sample = doc([[h("Title"), p("Some text.")]]);
    for (const method of CHUNK_METHODS) {
      expect(chunkDocument(sample, method).length, method).toBeGreaterThan(0);
    }
  });
});

describe("table", () => {
  it("makes one header-aware chunk per spreadsheet row", async () => {
    const bytes = await makeXlsx({
      Revenue: [
        ["Region", "Quarter", "Revenue"],
        ["EMEA", "Q3", 1204],
        ["APAC", "Q3", ""],
      ],
    });
    const chunks = chunkDocument(await parseDocument(bytes, { filename: "r.xlsx" }), "table");
    expect(chunks.map((c) => c.content)).toEqual([
      "Region: EMEA; Quarter: Q3; Revenue: 1204",
      "Region: APAC; Quarter: Q3",
    ]);
    expect(chunks[0]?.headings).toEqual(["Revenue"]);
    expect(chunks[0]?.pageNumbers).toEqual([1]);
  });

  it("falls back to naive chunking for a document without tables", () => {
    expect(chunkDocument(doc([[p("No table here.")]]), "table")[0]?.content).toBe("No table here.");
  });
});

describe("qa", () => {
  it("pairs questions and answers from a two-column sheet, skipping its titles", () => {
    const sheet = doc([
      [
        row(["Question", "Answer"], undefined, true),
        row(["How do I reset my password?", "Use the link on the sign-in page."], ["Question", "Answer"]),
      ],
    ]);
    const chunks = chunkDocument(sheet, "qa");
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({
      question: "How do I reset my password?",
      answer: "Use the link on the sign-in page.",
      content: "Question: How do I reset my password?\nAnswer: Use the link on the sign-in page.",
    });
  });

  it("reads Q:/A: markers in text, and headings with their text otherwise", async () => {
    const text = "Q: What is Ragtime?\nA: A RAG engine.\n\nQ: Is it fast?\nA: Yes.\nVery.";
    const fromText = chunkDocument(await parseDocument(utf8(text), { filename: "faq.txt" }), "qa");
    expect(fromText.map((c) => [c.question, c.answer])).toEqual([
      ["What is Ragtime?", "A RAG engine."],
      ["Is it fast?", "Yes.\nVery."],
    ]);
    const md = "# What is BM25?\n\nA ranking function.\n\n# Who wrote it?\n\nRobertson et al.";
    const fromMd = chunkDocument(await parseDocument(utf8(md), { filename: "faq.md" }), "qa");
    expect(fromMd.map((c) => c.question)).toEqual(["What is BM25?", "Who wrote it?"]);
  });
});

describe("presentation, one and picture", () => {
  it("makes one chunk per slide, titled by the slide", async () => {
    const deck = await parseDocument(await makePptx(), { filename: "deck.pptx" });
    const chunks = chunkDocument(deck, "presentation");
    expect(chunks.map((c) => c.pageNumbers)).toEqual([[1], [2], [3]]);
    expect(chunks[1]?.headings).toEqual(["Regional breakdown"]);
    expect(chunks[1]?.content).toContain("EMEA | 1,204");
  });

  it("keeps a whole document in one chunk whatever its size", () => {
    const long = doc([[p("word ".repeat(3000))], [p("end")]]);
    const [only, ...rest] = chunkDocument(long, "one", { chunkTokenNum: 128 });
    expect(rest).toHaveLength(0);
    expect(only?.tokens).toBeGreaterThan(128);
    expect(only?.pageNumbers).toEqual([1, 2]);
  });

  it("gives an image its OCR text as one chunk, and no chunk when there is none", () => {
    const ocr = { ...doc([[p("INVOICE 2024-001 Total due: 420 EUR")]]), type: "image" as const };
    expect(chunkDocument(ocr, "picture").map((c) => c.content)).toEqual([
      "INVOICE 2024-001 Total due: 420 EUR",
    ]);
    expect(chunkDocument({ ...ocr, pages: [{ number: 1, text: "", blocks: [] }] }, "picture")).toEqual([]);
  });
});
