import { describe, expect, it } from "vitest";
import { makeDocx, makePptx, makeXlsx, utf8 } from "../../test/fixtures";
import { parseDocument } from "./index";

describe("DOCX", () => {
  it("keeps Word headings with their levels, paragraphs and table rows with their header", async () => {
    const doc = await parseDocument(await makeDocx(), { filename: "guide.docx" });
    const blocks = doc.pages[0]?.blocks ?? [];
    expect(blocks.filter((b) => b.kind === "heading").map((b) => [b.text, b.level])).toEqual([
      ["Installation Guide", 1],
      ["Requirements", 2],
      ["Troubleshooting", 2],
    ]);
    const memory = blocks.find((b) => b.text.startsWith("Memory"));
    expect(memory).toMatchObject({
      kind: "row",
      cells: ["Memory", "8 GB"],
      header: ["Component", "Minimum"],
    });
    expect(doc.meta.title).toBe("Installation Guide");
  });
});

describe("PPTX", () => {
  it("gives one page per slide in order, the title as heading, tables as rows", async () => {
    const doc = await parseDocument(await makePptx(), { filename: "deck.pptx" });
    expect(doc.pages.map((p) => p.title)).toEqual(["Quarterly results", "Regional breakdown", "Next steps"]);
    expect(doc.pages[0]?.text).toContain("Revenue grew 12% in the third quarter.");
    expect(doc.pages[1]?.blocks.find((b) => b.text.startsWith("EMEA"))).toMatchObject({
      kind: "row",
      cells: ["EMEA", "1,204"],
      header: ["Region", "Revenue"],
    });
    expect(doc.pages[2]?.text).toContain("Hire two engineers.\nShip the mobile app.");
  });

  it("honours the page limit in slides", async () => {
    await expect(
      parseDocument(await makePptx(), { filename: "deck.pptx", maxPages: 2 }),
    ).rejects.toMatchObject({
      code: "TOO_MANY_PAGES",
    });
  });
});

describe("XLSX and CSV", () => {
  it("gives one page per sheet, rows that know their header, dates as ISO dates", async () => {
    const bytes = await makeXlsx({
      Revenue: [
        ["Region", "Quarter", "Revenue"],
        ["EMEA", "Q3", 1204],
        ["APAC", "Q3", 877],
      ],
      Notes: [["Figures are unaudited."], ["Closed on", new Date(Date.UTC(2024, 0, 2))]],
    });
    const doc = await parseDocument(bytes, { filename: "sales.xlsx" });
    expect(doc.pages.map((p) => p.title)).toEqual(["Revenue", "Notes"]);
    expect(doc.pages[0]?.blocks.find((b) => b.text.startsWith("EMEA"))).toMatchObject({
      cells: ["EMEA", "Q3", "1204"],
      header: ["Region", "Quarter", "Revenue"],
    });
    expect(doc.pages[1]?.text).toContain("Closed on | 2024-01-02");
  });

  it("reads CSV with quoted separators and newlines, keeping values verbatim", async () => {
    const csv = 'id;name;note\n00123;"Dupont; Jean";"two\nlines"\n00124;Martin;ok\n';
    const doc = await parseDocument(utf8(csv), { filename: "people.csv" });
    const rows = doc.pages[0]?.blocks.filter((b) => b.kind === "row" && !b.isHeader);
    expect(rows?.[0]?.cells).toEqual(["00123", "Dupont; Jean", "two\nlines"]);
    expect(rows?.[0]?.header).toEqual(["id", "name", "note"]);
  });
});
