import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { makeDocx, makeZipBomb, utf8 } from "../../test/fixtures";
import { parseDocument } from "./index";
import { guardZip } from "./zip";

const MiB = 1024 * 1024;

describe("zip bomb guard", () => {
  it("refuses a bomb disguised as DOCX by its declared compression ratio, before inflating", async () => {
    const bomb = makeZipBomb(16 * MiB);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const started = performance.now();
    await expect(parseDocument(bomb, { filename: "invoice.docx" })).rejects.toMatchObject({
      code: "ZIP_BOMB",
      message: expect.stringMatching(/compression ratio/),
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses a bomb whose headers lie about its size, as soon as it inflates past them", async () => {
    const bomb = makeZipBomb(16 * MiB, 2048);
    const started = performance.now();
    await expect(parseDocument(bomb, { filename: "invoice.docx" })).rejects.toMatchObject({
      code: "ZIP_BOMB",
      message: expect.stringMatching(/past its declared size/),
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("enforces the total inflated size and entry count limits", async () => {
    const docx = await makeDocx();
    expect(() => guardZip(docx, "a.docx", { maxUncompressedBytes: 1000 })).toThrow(/limit 1000/);
    const many = zipSync(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}.txt`, utf8("x")])));
    expect(() => guardZip(many, "a.zip", { maxEntries: 10 })).toThrow(/50 archive entries/);
  });

  it("lets an ordinary document through and returns the entries asked for", async () => {
    const files = guardZip(await makeDocx(), "a.docx", {}, (name) => name === "word/document.xml");
    expect(new TextDecoder().decode(files.get("word/document.xml"))).toContain("Installation Guide");
  });

  it("reports a truncated archive as corrupt rather than crashing", async () => {
    const docx = await makeDocx();
    const truncated = docx.subarray(0, docx.length - 30);
    await expect(parseDocument(truncated, { filename: "a.zip.docx" })).rejects.toMatchObject({
      code: "TYPE_MISMATCH",
    });
    expect(() => guardZip(truncated, "a.docx")).toThrow(/not a readable zip/);
  });
});
