import { createRequire } from "node:module";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testBackends } from "../src/testing";
import { type Json, restApi, waitUntilSettled } from "./rest-api";

// Responses are inspected field by field; typing each REST answer would only restate the schemas.
type Sharp = {
  png(): Sharp;
  jpeg(): Sharp;
  toBuffer(): Promise<Buffer>;
};
/** sharp as the OCR engine itself loads it (a dependency of @gutenye/ocr-node, under @ragtime/rag). */
function loadSharp(): (input: Buffer) => Sharp {
  const rag = createRequire(import.meta.url).resolve("@ragtime/rag");
  const ocrNode = createRequire(rag).resolve("@gutenye/ocr-node");
  return createRequire(ocrNode)("sharp") as (input: Buffer) => Sharp;
}

const LINES = [
  "Warranty claim 5532 for Contoso Bicycles",
  "Frame cracked after 14 months of use",
  "Replacement shipped from the Lisbon warehouse",
];

/** A picture of text, rendered by librsvg with DejaVu Sans (the fonts the OS ships). */
async function textImage(format: "png" | "jpeg"): Promise<Buffer> {
  const body = LINES.map(
    (line, i) => `<text x="40" y="${80 + i * 70}" font-family="DejaVu Sans" font-size="32">${line}</text>`,
  ).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="320"><rect width="100%" height="100%" fill="white"/>${body}</svg>`;
  const image = loadSharp()(Buffer.from(svg));
  return (format === "png" ? image.png() : image.jpeg()).toBuffer();
}

/** A scanner's PDF: one page that is only an image of text, no text layer. */
async function scannedPdf(png: Buffer): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const image = await pdf.embedPng(png);
  pdf.addPage([612, 792]).drawImage(image, { x: 36, y: 420, width: 540, height: 173 });
  return pdf.save();
}

describe.each(testBackends())(
  "OCR: images and scanned PDFs become searchable chunks ($dialect)",
  (backend) => {
    let server: TestServer;
    let url: string;
    let auth: Record<string, string>;
    let kbId: string;

    const api = restApi(
      () => url,
      () => auth,
    );
    const chunksOf = async (id: string, keywords?: string) =>
      (
        await api(
          "GET",
          `/documents/${id}/chunks${keywords ? `?keywords=${encodeURIComponent(keywords)}` : ""}`,
        )
      ).body;

    beforeAll(async () => {
      server = await startTestServer(await backend.open(), { workers: true });
      url = await server.listen();
      const reg = await fetch(`${url}/api/v1/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "ocr@example.com", password: "ocr-password" }),
      });
      auth = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
      kbId = (await api("POST", "/knowledge-bases", { name: "Scanned claims" })).body.id;
    });
    afterAll(async () => {
      await server?.close();
    });

    it("uploads a PNG, a JPEG and a scanned PDF, and finds their words in chunks after the run", async () => {
      const png = await textImage("png");
      const form = new FormData();
      form.append("file", new Blob([png]), "claim.png");
      form.append("file", new Blob([await textImage("jpeg")]), "claim-photo.jpg");
      form.append("file", new Blob([await scannedPdf(png)]), "claim-scan.pdf");
      const uploaded = await fetch(`${url}/api/v1/knowledge-bases/${kbId}/documents`, {
        method: "POST",
        headers: auth,
        body: form,
      });
      expect(uploaded.status).toBe(200);
      const documents: Json[] = ((await uploaded.json()) as Json).documents;
      expect(documents.map((d) => [d.name, d.type])).toEqual([
        ["claim.png", "image"],
        ["claim-photo.jpg", "image"],
        ["claim-scan.pdf", "pdf"],
      ]);
      const ids = documents.map((d) => d.id as string);
      expect((await api("POST", "/documents/run", { ids })).status).toBe(200);

      const docs = await waitUntilSettled(api, ids, 150_000);
      for (const doc of docs) {
        expect([doc.name, doc.run, doc.run === "FAIL" ? doc.progressMsg : ""]).toEqual([
          doc.name,
          "DONE",
          "",
        ]);
        expect(doc.chunkCount, doc.name).toBeGreaterThan(0);
        const text = (await chunksOf(doc.id)).items.map((c: Json) => c.content).join("\n");
        for (const words of [
          "Warranty claim 5532",
          "Contoso Bicycles",
          "Frame cracked",
          "14 months",
          "Lisbon warehouse",
        ]) {
          expect(text, `${doc.name}: ${words}`).toContain(words);
        }
      }

      // A user searching a document's chunks for a word in the scan finds it, on page 1 with a box.
      for (const doc of docs) {
        const found = await chunksOf(doc.id, "Lisbon");
        expect(found.total, doc.name).toBeGreaterThan(0);
        const chunk = found.items[0];
        expect(chunk.pageNumbers).toEqual([1]);
        expect(chunk.positions.length).toBeGreaterThan(0);
        const [page, x0, x1, top, bottom] = chunk.positions[0];
        expect(page).toBe(1);
        expect(x1).toBeGreaterThan(x0);
        expect(bottom).toBeGreaterThan(top);
        if (doc.name === "claim-scan.pdf") {
          // In PDF points: the picture is drawn 36 pt from the left and 199 pt below the top.
          expect(x0).toBeGreaterThanOrEqual(36);
          expect(top).toBeGreaterThanOrEqual(199);
          expect(bottom).toBeLessThanOrEqual(372);
        }
      }
    }, 200_000);

    it("reads an image with the picture method as one chunk of its whole text", async () => {
      const doc = (await api("GET", `/knowledge-bases/${kbId}/documents?keywords=claim.png`)).body.items[0];
      const changed = await api("PATCH", `/documents/${doc.id}`, { chunkMethod: "picture" });
      expect(changed.status).toBe(200);
      expect((await api("POST", "/documents/run", { ids: [doc.id] })).status).toBe(200);
      const [done] = await waitUntilSettled(api, [doc.id], 120_000);
      expect(done.run).toBe("DONE");
      const chunks = (await chunksOf(doc.id)).items;
      expect(chunks).toHaveLength(1);
      expect(chunks[0].content).toMatch(/Warranty claim 5532[\s\S]*Contoso Bicycles[\s\S]*Lisbon warehouse/);
    }, 150_000);
  },
);
