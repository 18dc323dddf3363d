// Test-only generators for real files of each format, built in memory with the same libraries
// people's tools use to write them (pdf-lib, docx, pptxgenjs, exceljs).
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import ExcelJS from "exceljs";
import { zipSync } from "fflate";
import { PDFDocument, StandardFonts } from "pdf-lib";
import PptxGenJS from "pptxgenjs";

export const utf8 = (text: string) => new TextEncoder().encode(text);

export type PdfLine = { text: string; x?: number; size?: number; bold?: boolean };

/** A PDF whose pages hold the given lines, top to bottom, at their font sizes. */
export async function makePdf(pages: PdfLine[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle("Generated fixture");
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  for (const lines of pages) {
    const page = pdf.addPage([612, 792]);
    let y = 740;
    for (const line of lines) {
      const size = line.size ?? 11;
      y -= size * 1.5;
      page.drawText(line.text, { x: line.x ?? 72, y, size, font: line.bold ? bold : font });
    }
  }
  return pdf.save();
}

/** A PDF with one table row drawn as separate, widely spaced cells, as statements are. */
export async function makeTablePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([612, 792]);
  page.drawText("Statement of operations", { x: 72, y: 720, size: 16, font });
  const rows = [
    ["Net sales", "$", "1,234", "$", "1,100"],
    ["Total cost", "900", "850"],
  ];
  rows.forEach((cells, r) => {
    const y = 680 - r * 16;
    const xs = cells.length === 5 ? [72, 300, 310, 420, 430] : [72, 310, 430];
    cells.forEach((cell, i) => {
      page.drawText(cell, { x: xs[i] ?? 72, y, size: 10, font });
    });
  });
  return pdf.save();
}

export async function makeBlankPdf(pageCount: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([200, 200]);
  for (let i = 1; i < pageCount; i++) pdf.addPage([200, 200]);
  page.drawText("first", { x: 10, y: 100, size: 10 });
  return pdf.save({ useObjectStreams: true });
}

export async function makeDocx(): Promise<Uint8Array> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: "Installation Guide", heading: HeadingLevel.HEADING_1 }),
          new Paragraph("This guide explains how to install the agent."),
          new Paragraph({ text: "Requirements", heading: HeadingLevel.HEADING_2 }),
          new Paragraph("The agent needs 8 GB of memory and a 64-bit processor."),
          new Table({
            rows: [
              new TableRow({ children: [cell("Component"), cell("Minimum")] }),
              new TableRow({ children: [cell("Memory"), cell("8 GB")] }),
              new TableRow({ children: [cell("Disk"), cell("20 GB")] }),
            ],
          }),
          new Paragraph({ text: "Troubleshooting", heading: HeadingLevel.HEADING_2 }),
          new Paragraph("Restart the service when the dashboard stays empty."),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export async function makePptx(): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.defineSlideMaster({
    title: "TITLED",
    objects: [
      { placeholder: { options: { name: "title", type: "title", x: 0.5, y: 0.3, w: 9, h: 1 }, text: "" } },
    ],
  });
  const first = pptx.addSlide({ masterName: "TITLED" });
  first.addText("Quarterly results", { placeholder: "title" });
  first.addText("Revenue grew 12% in the third quarter.", { x: 0.5, y: 1.5, w: 9, h: 1 });
  const second = pptx.addSlide({ masterName: "TITLED" });
  second.addText("Regional breakdown", { placeholder: "title" });
  second.addTable(
    [
      [{ text: "Region" }, { text: "Revenue" }],
      [{ text: "EMEA" }, { text: "1,204" }],
    ],
    { x: 0.5, y: 1.5, w: 6 },
  );
  const third = pptx.addSlide({ masterName: "TITLED" });
  third.addText("Next steps", { placeholder: "title" });
  third.addText("Hire two engineers.\nShip the mobile app.", { x: 0.5, y: 1.5, w: 9, h: 1.5 });
  const out = await pptx.write({ outputType: "uint8array" });
  if (!(out instanceof Uint8Array)) throw new Error("pptxgenjs did not return bytes");
  return out;
}

export async function makeXlsx(
  sheets: Record<string, Array<Array<string | number | Date>>>,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

const CONTENT_TYPES = utf8(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
);

/**
 * A DOCX-shaped zip whose document part is `size` bytes of zeros: deflate shrinks that ~1000:1,
 * the classic bomb. With `declaredSize`, the zip headers lie about the inflated size, as a
 * crafted bomb would, to slip past a check of declared sizes.
 */
export function makeZipBomb(size: number, declaredSize?: number): Uint8Array {
  const zip = zipSync({
    "[Content_Types].xml": CONTENT_TYPES,
    "word/document.xml": [new Uint8Array(size), { level: 9 }],
  });
  if (declaredSize !== undefined) patchDeclaredSize(zip, "word/document.xml", declaredSize);
  return zip;
}

function patchDeclaredSize(zip: Uint8Array, name: string, size: number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const target = utf8(name);
  for (let i = 0; i + 46 < zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && matchesName(zip, i + 30, view.getUint16(i + 26, true), target)) {
      view.setUint32(i + 22, size, true);
    }
    if (sig === 0x02014b50 && matchesName(zip, i + 46, view.getUint16(i + 28, true), target)) {
      view.setUint32(i + 24, size, true);
    }
  }
}

function matchesName(zip: Uint8Array, at: number, length: number, name: Uint8Array): boolean {
  return length === name.length && name.every((b, k) => zip[at + k] === b);
}

/** The 10-Q filings in the shared data folder, read from their absolute path. */
export function secFilingUrl(ticker: "AAPL" | "AMZN" | "INTC" | "MSFT" | "NVDA"): URL {
  return new URL(`../../../../shared/data/sec-10q/2022-Q3-${ticker}.pdf`, import.meta.url);
}
