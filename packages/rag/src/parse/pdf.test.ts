import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeBlankPdf, makePdf, makeTablePdf, secFilingUrl } from "../../test/fixtures";
import { parseDocument } from "./index";

const apple = () => new Uint8Array(readFileSync(secFilingUrl("AAPL")));

describe("PDF parser on a real 10-Q (Apple, Q3 2022)", () => {
  it("keeps the income statement's rows whole, on their page, with positions", async () => {
    const doc = await parseDocument(apple(), { filename: "2022-Q3-AAPL.pdf" });
    expect(doc.type).toBe("pdf");
    expect(doc.meta.pageCount).toBe(28);
    expect(doc.pages).toHaveLength(28);
    const page = doc.pages.find((p) =>
      /Total net sales \| 82,959 \| 81,434 \| 304,182 \| 282,457/.test(p.text),
    );
    expect(page?.number).toBe(4);
    const row = page?.blocks.find((b) => b.text.startsWith("Total net sales"));
    expect(row?.kind).toBe("row");
    expect(row?.cells).toEqual(["Total net sales", "82,959", "81,434", "304,182", "282,457"]);
    expect(row?.bbox?.top).toBeGreaterThan(0);
    expect(row?.bbox?.bottom).toBeLessThan(792);
    // "$" sits in its own column in the PDF; it is glued to its figure, not to the previous one.
    expect(page?.text).toContain("Products | $ 63,355 | $ 63,948");
  });

  it("drops the running footer repeated on every page", async () => {
    const doc = await parseDocument(apple(), { filename: "a.pdf" });
    expect(doc.pages.filter((p) => p.text.includes("Q3 2022 Form 10-Q |"))).toHaveLength(0);
  });

  it("parses only the requested page range but reports the whole page count", async () => {
    const doc = await parseDocument(apple(), { filename: "a.pdf", pages: [[4, 5]] });
    expect(doc.pages.map((p) => p.number)).toEqual([4, 5]);
    expect(doc.meta.pageCount).toBe(28);
  });
});

describe("PDF parser on generated files", () => {
  it("marks larger type as headings and joins wrapped lines into paragraphs", async () => {
    const pdf = await makePdf([
      [
        { text: "Getting started", size: 20 },
        { text: "The installer copies the agent to the disk" },
        { text: "and starts it as a service." },
      ],
    ]);
    const doc = await parseDocument(pdf, { filename: "guide.pdf" });
    const blocks = doc.pages[0]?.blocks ?? [];
    expect(blocks[0]).toMatchObject({ kind: "heading", text: "Getting started", level: 1 });
    expect(blocks[1]).toMatchObject({
      kind: "paragraph",
      text: "The installer copies the agent to the disk and starts it as a service.",
    });
  });

  it("splits widely spaced columns into table cells", async () => {
    const doc = await parseDocument(await makeTablePdf(), { filename: "t.pdf" });
    const rows = doc.pages[0]?.blocks.filter((b) => b.kind === "row");
    expect(rows?.map((r) => r.cells)).toEqual([
      ["Net sales", "$ 1,234", "$ 1,100"],
      ["Total cost", "900", "850"],
    ]);
  });

  it("refuses a 10 000-page PDF by its page count, without reading the pages", async () => {
    const pdf = await makeBlankPdf(10_000);
    const started = performance.now();
    await expect(parseDocument(pdf, { filename: "huge.pdf" })).rejects.toMatchObject({
      code: "TOO_MANY_PAGES",
      details: { limit: 5000, actual: 10_000 },
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("gives typed errors for a damaged file, a spent time budget and a cancelled parse", async () => {
    const broken = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF");
    await expect(parseDocument(broken, { filename: "broken.pdf" })).rejects.toMatchObject({
      code: "CORRUPT",
    });
    await expect(parseDocument(apple(), { filename: "a.pdf", timeoutMs: 1 })).rejects.toMatchObject({
      code: "TIMEOUT",
    });
    const controller = new AbortController();
    controller.abort();
    await expect(
      parseDocument(apple(), { filename: "a.pdf", signal: controller.signal }),
    ).rejects.toMatchObject({
      code: "ABORTED",
    });
  });
});
