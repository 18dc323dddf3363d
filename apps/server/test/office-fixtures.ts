/** Small real Office files for ingestion tests, generated with the same libraries people use. */
import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import ExcelJS from "exceljs";
import PptxGenJS from "pptxgenjs";

export async function makeDocx(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: "Travel policy", heading: HeadingLevel.HEADING_1 }),
          new Paragraph("Employees book economy class for flights shorter than six hours."),
          new Paragraph({ text: "Hotels", heading: HeadingLevel.HEADING_2 }),
          new Paragraph("The nightly hotel allowance is 180 euros in Paris."),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export async function makeXlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Offices");
  sheet.addRow(["City", "Headcount", "Opened"]);
  sheet.addRow(["Lyon", 42, 2019]);
  sheet.addRow(["Shenzhen", 77, 2021]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export async function makePptx(): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.addSlide().addText("Roadmap: ship the mobile app in March.", { x: 0.5, y: 1, w: 9, h: 1 });
  pptx.addSlide().addText("Hiring: two engineers for the search team.", { x: 0.5, y: 1, w: 9, h: 1 });
  const out = await pptx.write({ outputType: "uint8array" });
  if (!(out instanceof Uint8Array)) throw new Error("pptxgenjs did not return bytes");
  return out;
}
