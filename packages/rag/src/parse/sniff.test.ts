import { describe, expect, it } from "vitest";
import { makeDocx, makePdf, makePptx, makeXlsx, utf8 } from "../../test/fixtures";
import { ParseError } from "../errors";
import { parseDocument } from "./index";
import { sniff } from "./sniff";

const refusal = (fn: () => unknown): ParseError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error("expected a ParseError");
};

describe("sniff", () => {
  it("tells PDF, DOCX, XLSX and PPTX apart by their content", async () => {
    expect(sniff(await makePdf([[{ text: "x" }]]), "a.pdf").type).toBe("pdf");
    expect(sniff(await makeDocx(), "a.docx").type).toBe("docx");
    expect(sniff(await makeXlsx({ S: [["a"]] }), "a.xlsx").type).toBe("xlsx");
    expect(sniff(await makePptx(), "a.pptx").type).toBe("pptx");
  });

  it("does not take text that starts with BM for a bitmap (SciFact has such abstracts)", () => {
    expect(sniff(utf8("BMI and mortality in older adults.\n\nWe studied 12 000 people."), "a.txt").type).toBe(
      "text",
    );
    // A real BMP header: "BM", file size, reserved, pixel offset, then a 40-byte DIB header.
    const bmp = new Uint8Array(64);
    bmp.set([0x42, 0x4d, 64, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0]);
    expect(sniff(bmp, "pixel.bmp").type).toBe("image");
  });

  it("refuses a renamed .txt posing as a PDF, naming both sides", () => {
    const error = refusal(() => sniff(utf8("just some notes\n"), "report.pdf"));
    expect(error.code).toBe("TYPE_MISMATCH");
    expect(error.message).toContain(".pdf");
    expect(error.message).toContain("plain text");
  });

  it("refuses a PDF named .docx and a DOCX named .xlsx", async () => {
    expect(refusal(() => sniff(new Uint8Array(0), "x.pdf")).code).toBe("EMPTY_FILE");
    const pdf = await makePdf([[{ text: "x" }]]);
    expect(refusal(() => sniff(pdf, "letter.docx")).message).toMatch(/named \.docx but its content is a PDF/);
    const docx = await makeDocx();
    expect(refusal(() => sniff(docx, "sheet.xlsx")).code).toBe("TYPE_MISMATCH");
  });

  it("refuses legacy and unknown binary formats as unsupported, by name", () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    const error = refusal(() => sniff(ole, "budget.xls"));
    expect(error.code).toBe("UNSUPPORTED_TYPE");
    expect(error.message).toContain("Excel");
    expect(refusal(() => sniff(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2]), "a.bin")).code).toBe(
      "UNSUPPORTED_TYPE",
    );
  });

  it("names the legacy Office format by its streams, whatever the file is called, and what to save it as", () => {
    const ole = (stream: string) => {
      const bytes = new Uint8Array(1536);
      bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      // A directory entry's name is UTF-16LE.
      [..."Root Entry"].forEach((ch, i) => {
        bytes[1024 + i * 2] = ch.charCodeAt(0);
      });
      [...stream].forEach((ch, i) => {
        bytes[1152 + i * 2] = ch.charCodeAt(0);
      });
      return bytes;
    };
    const cases: Array<[string, string, string, RegExp]> = [
      ["WordDocument", "minutes.doc", "docx", /Word 97–2003 \(\.doc\).*save it as \.docx/],
      ["Workbook", "budget", "xlsx", /Excel 97–2003 \(\.xls\).*save it as \.xlsx/],
      ["PowerPoint Document", "deck.pdf", "pptx", /PowerPoint 97–2003 \(\.ppt\).*save it as \.pptx/],
    ];
    for (const [stream, name, saveAs, message] of cases) {
      const error = refusal(() => sniff(ole(stream), name));
      expect(error.code, name).toBe("UNSUPPORTED_TYPE");
      expect(error.message, name).toMatch(message);
      expect(error.details.saveAs, name).toBe(saveAs);
    }
    // Word also saves HTML or RTF under .doc: refused by name, with the same advice.
    expect(refusal(() => sniff(utf8("<html><body>x</body></html>"), "old.doc")).details.saveAs).toBe("docx");
  });

  it("types text by extension, and by content when there is none", () => {
    expect(sniff(utf8("# Title"), "README.md").type).toBe("markdown");
    expect(sniff(utf8("const x = 1;"), "main.ts").type).toBe("code");
    expect(sniff(utf8("a,b\n1,2"), "data.csv").type).toBe("csv");
    expect(sniff(utf8("<!DOCTYPE html><html><body>x</body></html>"), "page").type).toBe("html");
    expect(sniff(utf8('{"a": 1}'), "data").type).toBe("json");
    expect(sniff(utf8("anything at all"), "notes.log").type).toBe("text");
    expect(sniff(utf8("A PDF starts with %PDF-1.7 and a binary comment."), "notes.txt").type).toBe("text");
  });

  it("checks that .json and .eml files look the part", () => {
    expect(refusal(() => sniff(utf8("hello"), "x.json")).code).toBe("TYPE_MISMATCH");
    expect(refusal(() => sniff(utf8("hello"), "x.eml")).code).toBe("TYPE_MISMATCH");
    expect(sniff(utf8("From: a@b.c\nTo: d@e.f\nSubject: Hi\n\nBody"), "x.eml").type).toBe("eml");
  });

  it("refuses an image when OCR is off, and reads it with a caller's engine", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    await expect(parseDocument(png, { filename: "scan.png", ocr: false })).rejects.toMatchObject({
      code: "OCR_UNAVAILABLE",
    });
    const doc = await parseDocument(png, {
      filename: "scan.png",
      ocr: async (_bytes, { mime }) => `text read from a ${mime}`,
    });
    expect(doc.pages[0]?.text).toBe("text read from a image/png");
  });
});
