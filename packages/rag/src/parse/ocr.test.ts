import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { makePdf } from "../../test/fixtures";
import { chunkDocument } from "../chunk/index";
import { parseDocument } from "./index";
import { loadSharp, ocrEngineInfo } from "./ocr";

// The built-in engine (PaddleOCR on onnxruntime-node) runs for real here: these tests load it once
// per file (~0.5 s) and read a few small images (~0.3–1 s each on 2 cores).

const LINES = [
  "Invoice 4471 from Northwind Traders",
  "Total due 1,250 EUR by 30 June",
  "Pay to account Rotterdam",
];

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** Black text on white, rendered by librsvg with DejaVu Sans (installed with the OS). */
function textSvg(lines: string[], { width = 900, size = 30, transparent = false } = {}): Buffer {
  const height = 80 + lines.length * size * 2;
  const body = lines
    .map(
      (l, i) =>
        `<text x="40" y="${70 + i * size * 2}" font-family="DejaVu Sans" font-size="${size}">${escapeXml(l)}</text>`,
    )
    .join("");
  const bg = transparent ? "" : `<rect width="100%" height="100%" fill="white"/>`;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${bg}${body}</svg>`,
  );
}

async function render(format: "png" | "jpeg" | "webp" | "tiff" | "gif", lines = LINES, opts = {}) {
  const sharp = loadSharp();
  const png = await sharp(textSvg(lines, opts)).png().toBuffer();
  if (format === "png") return new Uint8Array(png);
  const img = sharp(png) as unknown as Record<string, () => { toBuffer(): Promise<Buffer> }>;
  const encode = img[format];
  if (!encode) throw new Error(format);
  return new Uint8Array(await encode.call(img).toBuffer());
}

/** A 24-bit bottom-up BMP written by hand (sharp cannot write BMP). */
async function renderBmp(lines = LINES): Promise<Uint8Array> {
  const { data, info } = await loadSharp()(textSvg(lines))
    .flatten({ background: "#ffffff" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const stride = Math.ceil((width * 3) / 4) * 4;
  const out = new Uint8Array(54 + stride * height);
  const view = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  view.setUint32(2, out.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * channels;
      const dst = 54 + (height - 1 - y) * stride + x * 3;
      out[dst] = data[src + 2] ?? 0;
      out[dst + 1] = data[src + 1] ?? 0;
      out[dst + 2] = data[src] ?? 0;
    }
  }
  return out;
}

/** A PDF whose only page is a picture of text (no text layer), like a scanner produces. */
async function scannedPdf(image: Uint8Array, kind: "png" | "jpg"): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const embedded = kind === "png" ? await pdf.embedPng(image) : await pdf.embedJpg(image);
  const page = pdf.addPage([612, 792]);
  page.drawImage(embedded, { x: 36, y: 792 - 72 - 300, width: 540, height: 300 });
  return pdf.save();
}

describe("OCR of images and scanned pages (built-in PaddleOCR engine)", () => {
  it("never loads the engine for documents with a text layer", async () => {
    const pdf = await makePdf([[{ text: "Quarterly report with a real text layer on this page" }]]);
    const doc = await parseDocument(pdf, { filename: "report.pdf" });
    expect(doc.pages[0]?.text).toContain("Quarterly report");
    expect(doc.meta.ocrPages).toBeUndefined();
    expect(ocrEngineInfo().loadMs).toBeUndefined();
  });

  it("reads the English text of a PNG into lines with pixel boxes on page 1", async () => {
    const doc = await parseDocument(await render("png"), { filename: "invoice.png" });
    expect(doc.type).toBe("image");
    expect(doc.pages).toHaveLength(1);
    const page = doc.pages[0];
    expect(page?.number).toBe(1);
    expect(page?.width).toBe(900);
    for (const word of ["Invoice", "4471", "Northwind", "Traders", "1,250", "EUR", "June", "Rotterdam"]) {
      expect(page?.text).toContain(word);
    }
    const block = page?.blocks.find((b) => b.text.includes("Rotterdam"));
    expect(block?.bbox?.x0).toBeGreaterThanOrEqual(20);
    expect(block?.bbox?.x0).toBeLessThan(70);
    // The third line is drawn with its baseline at y = 190 px.
    expect(block?.bbox?.bottom).toBeGreaterThan(180);
    expect(block?.bbox?.bottom).toBeLessThan(230);
    expect(doc.meta.ocrPages).toEqual([1]);
    expect(ocrEngineInfo().loadMs).toBeGreaterThan(0);

    const [picture] = chunkDocument(doc, "picture");
    expect(picture?.content).toContain("Northwind Traders");
    expect(picture?.pageNumbers).toEqual([1]);
    expect(picture?.positions[0]?.[0]).toBe(1);
    const naive = chunkDocument(doc, "naive");
    expect(naive.map((c) => c.content).join(" ")).toContain("Total due 1,250 EUR");
  });

  it("reads JPEG, WebP, TIFF, GIF and BMP, and text on a transparent background", async () => {
    const cases: Array<[string, Uint8Array]> = [
      ["scan.jpg", await render("jpeg")],
      ["scan.webp", await render("webp")],
      ["scan.tiff", await render("tiff")],
      ["scan.gif", await render("gif")],
      ["scan.bmp", await renderBmp()],
      ["clear.png", await render("png", LINES, { transparent: true })],
    ];
    for (const [name, bytes] of cases) {
      const doc = await parseDocument(bytes, { filename: name });
      expect(doc.pages[0]?.text, name).toMatch(/Northwind/);
      expect(doc.pages[0]?.text, name).toMatch(/Rotterdam/);
    }
  });

  it("reads Chinese, and mixed Chinese and English, keeping spaces only between Latin words", async () => {
    // WenQuanYi Zen Hei (Debian fonts-wqy-zenhei, also used for CJK screenshots; see STACK.md).
    const lines = ["季度收入增长了百分之十二", "仓库位于鹿特丹", "Mixed 中文 and English 2024"];
    const body = lines
      .map(
        (l, i) =>
          `<text x="40" y="${80 + i * 70}" font-family="WenQuanYi Zen Hei" font-size="32">${l}</text>`,
      )
      .join("");
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="300"><rect width="100%" height="100%" fill="white"/>${body}</svg>`;
    const png = await loadSharp()(Buffer.from(svg)).png().toBuffer();
    const doc = await parseDocument(new Uint8Array(png), { filename: "报告.png" });
    const text = doc.pages[0]?.text ?? "";
    expect(text).toContain("季度收入增长了百分之十二");
    expect(text).toContain("仓库位于鹿特丹");
    expect(text).toContain("English 2024");
  });

  it("OCRs a scanned PDF page, with boxes in page points, and keeps text pages off the engine", async () => {
    for (const kind of ["png", "jpg"] as const) {
      const image = kind === "png" ? await render("png") : await render("jpeg");
      const doc = await parseDocument(await scannedPdf(image, kind), { filename: `scan-${kind}.pdf` });
      const page = doc.pages[0];
      expect(page?.text, kind).toContain("Northwind Traders");
      expect(page?.text, kind).toContain("Rotterdam");
      expect(doc.meta.ocrPages).toEqual([1]);
      expect(doc.meta.pagesWithoutText).toBeUndefined();
      // The image is drawn from x=36 to 576 and from 72 pt below the top; its text lies inside.
      for (const block of page?.blocks ?? []) {
        expect(block.bbox?.x0).toBeGreaterThanOrEqual(36);
        expect(block.bbox?.x1).toBeLessThanOrEqual(576);
        expect(block.bbox?.top).toBeGreaterThanOrEqual(72);
        expect(block.bbox?.bottom).toBeLessThanOrEqual(372);
      }
      const chunks = chunkDocument(doc, "naive");
      expect(chunks[0]?.pageNumbers).toEqual([1]);
      expect(chunks[0]?.positions.length).toBeGreaterThan(0);
    }
  });

  it("merges a scanned page with a stamped page number, and leaves OCR off when asked", async () => {
    const pdf = await PDFDocument.load(await scannedPdf(await render("png"), "png"));
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.getPage(0).drawText("Page 7", { x: 290, y: 30, size: 10, font });
    const bytes = await pdf.save();
    const doc = await parseDocument(bytes, { filename: "stamped.pdf" });
    expect(doc.pages[0]?.text).toMatch(/Northwind[\s\S]*Page 7/);

    const off = await parseDocument(bytes, { filename: "stamped.pdf", ocr: false });
    expect(off.pages[0]?.text).toBe("Page 7");
    expect(off.meta.ocrPages).toBeUndefined();
    await expect(parseDocument(await render("png"), { filename: "x.png", ocr: false })).rejects.toMatchObject(
      {
        code: "OCR_UNAVAILABLE",
      },
    );
  });

  it("passes images to a caller's hook, and refuses an image it cannot decode", async () => {
    const seen: string[] = [];
    const doc = await parseDocument(await scannedPdf(await render("png"), "png"), {
      filename: "scan.pdf",
      ocr: async (bytes, { mime }) => {
        seen.push(`${mime}:${bytes[1] === 0x50 ? "png" : "?"}`);
        return { lines: [{ text: "From the hook", bbox: { x0: 0, x1: 100, top: 0, bottom: 20 } }] };
      },
    });
    expect(seen).toEqual(["image/png:png"]);
    expect(doc.pages[0]?.text).toBe("From the hook");
    expect(doc.pages[0]?.blocks[0]?.bbox?.top).toBeCloseTo(72, 0);

    const broken = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);
    await expect(parseDocument(broken, { filename: "broken.png" })).rejects.toMatchObject({
      code: "CORRUPT",
    });
  });
});
