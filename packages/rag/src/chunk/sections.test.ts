import { describe, expect, it } from "vitest";
import { doc, h, p } from "../../test/documents";
import { makeDocx } from "../../test/fixtures";
import { parseDocument } from "../parse/index";
import { chunkDocument } from "./index";

describe("manual", () => {
  it("makes headings the context of the chunks under them (from a real DOCX)", async () => {
    const parsed = await parseDocument(await makeDocx(), { filename: "guide.docx" });
    const chunks = chunkDocument(parsed, "manual");
    const memory = chunks.find((c) => c.content.includes("8 GB of memory"));
    expect(memory?.headings).toEqual(["Installation Guide", "Requirements"]);
    expect(memory?.content.startsWith("Installation Guide > Requirements\n")).toBe(true);
    const restart = chunks.find((c) => c.content.includes("Restart the service"));
    expect(restart?.headings).toEqual(["Installation Guide", "Troubleshooting"]);
    // Sections are never merged into one chunk, however small.
    expect(memory).not.toBe(restart);
  });

  it("recognises numbered titles in plain text but not numbered steps", () => {
    const chunks = chunkDocument(
      doc([[p("2.1 Installing the agent"), p("1. Open the lid."), p("Plug the cable in.")]]),
      "manual",
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.headings).toEqual(["2.1 Installing the agent"]);
    expect(chunks[0]?.content).toContain("1. Open the lid.");
  });
});

describe("book", () => {
  it("chunks by chapter, keeps sub-headings in the text and drops the table of contents", () => {
    const book = doc([
      [p("Chapter 1 ........ 3"), p("Chapter 2 ........ 9")],
      [h("Chapter 1: The storm"), p("It was a dark night."), h("The harbour", 3), p("Boats rocked.")],
      [h("Chapter 2: The calm"), p("Morning came.")],
    ]);
    const chunks = chunkDocument(book, "book");
    expect(chunks.map((c) => c.headings)).toEqual([["Chapter 1: The storm"], ["Chapter 2: The calm"]]);
    expect(chunks[0]?.content).toContain("The harbour\nBoats rocked.");
    expect(chunks.some((c) => c.content.includes("........"))).toBe(false);
  });
});

describe("laws", () => {
  it("gives each article its own chunk under its chapter", () => {
    const law = doc([
      [
        p("Chapter I"),
        p("Article 1. This regulation applies to all members."),
        p("It enters into force on publication."),
        p("Article 2. Members shall report yearly."),
        p("Chapter II"),
        p("第三条 本法自公布之日起施行。"),
      ],
    ]);
    const chunks = chunkDocument(law, "laws");
    expect(chunks.map((c) => c.headings)).toEqual([["Chapter I"], ["Chapter I"], ["Chapter II"]]);
    expect(chunks[0]?.content).toBe(
      "Chapter I\nArticle 1. This regulation applies to all members.\nIt enters into force on publication.",
    );
    expect(chunks[1]?.content).toContain("Article 2.");
    expect(chunks[2]?.content).toContain("第三条");
  });
});

describe("paper", () => {
  it("keeps the abstract on its own and heads every chunk with the title", () => {
    const paper = doc(
      [
        [
          h("Sparse retrieval revisited"),
          p("Abstract. We show that BM25 remains a strong baseline."),
          p("1 Introduction"),
          p("Dense retrievers are popular."),
          p("2 Method"),
          p("We tokenize with care."),
        ],
      ],
      { title: "Sparse retrieval revisited" },
    );
    const chunks = chunkDocument(paper, "paper");
    expect(chunks.map((c) => c.headings)).toEqual([
      ["Sparse retrieval revisited"],
      ["Sparse retrieval revisited", "1 Introduction"],
      ["Sparse retrieval revisited", "2 Method"],
    ]);
    expect(chunks[0]?.content).toBe(
      "Sparse retrieval revisited\nAbstract. We show that BM25 remains a strong baseline.",
    );
  });
});
