import { describe, expect, it } from "vitest";
import { utf8 } from "../../test/fixtures";
import { parseDocument } from "./index";

describe("HTML", () => {
  it("keeps headings and table rows, drops scripts and styles, decodes entities", async () => {
    const html = `<!doctype html><html><head><title>Pricing</title><style>p{color:red}</style></head>
      <body><script>alert(1)</script><h1>Plans &amp; prices</h1><div>Pick a plan.<br>Cancel anytime.</div>
      <table><thead><tr><th>Plan</th><th>Price</th></tr></thead><tbody><tr><td>Pro</td><td>$20</td></tr></tbody></table>
      </body></html>`;
    const doc = await parseDocument(utf8(html), { filename: "pricing.html" });
    const blocks = doc.pages[0]?.blocks ?? [];
    expect(doc.meta.title).toBe("Pricing");
    expect(blocks[0]).toMatchObject({ kind: "heading", text: "Plans & prices", level: 1 });
    expect(blocks[1]).toMatchObject({ kind: "paragraph", text: "Pick a plan.\nCancel anytime." });
    expect(blocks.find((b) => b.text.startsWith("Pro"))).toMatchObject({
      cells: ["Pro", "$20"],
      header: ["Plan", "Price"],
    });
    expect(doc.pages[0]?.text).not.toContain("alert");
    expect(doc.pages[0]?.text).not.toContain("color");
  });

  it("decodes a legacy charset the page declares", async () => {
    const latin1 = new Uint8Array([
      ...utf8('<html><head><meta charset="iso-8859-1"></head><body><p>caf'),
      0xe9,
      ...utf8("</p></body></html>"),
    ]);
    const doc = await parseDocument(latin1, { filename: "old.htm" });
    expect(doc.pages[0]?.text).toBe("café");
  });
});

describe("Markdown", () => {
  it("keeps heading levels, strips inline markup and reads tables", async () => {
    const md =
      "---\ntitle: Handbook\n---\n# Setup\n\nRun **npm install** and `npm test`.\n\n## Tables\n\n| Key | Value |\n|---|---|\n| a | 1 |\n";
    const doc = await parseDocument(utf8(md), { filename: "handbook.md" });
    const blocks = doc.pages[0]?.blocks ?? [];
    expect(doc.meta.title).toBe("Handbook");
    expect(blocks.map((b) => b.kind)).toEqual(["heading", "paragraph", "heading", "row", "row"]);
    expect(blocks[1]?.text).toBe("Run npm install and npm test.");
    expect(blocks[4]).toMatchObject({ cells: ["a", "1"], header: ["Key", "Value"] });
  });
});

describe("TXT, code, JSON and EML", () => {
  it("splits text at blank lines and pages at form feeds", async () => {
    const doc = await parseDocument(utf8("First para\nstill first.\n\nSecond.\fPage two."), {
      filename: "a.txt",
    });
    expect(doc.pages.map((p) => p.blocks.map((b) => b.text))).toEqual([
      ["First para\nstill first.", "Second."],
      ["Page two."],
    ]);
  });

  it("reads windows-1252 text that is not UTF-8", async () => {
    const doc = await parseDocument(new Uint8Array([0x72, 0xe9, 0x73, 0x75, 0x6d, 0xe9]), {
      filename: "r.txt",
    });
    expect(doc.pages[0]?.text).toBe("résumé");
  });

  it("flattens JSON records into path: value lines, one block per record", async () => {
    const json = JSON.stringify([{ title: "Ada", tags: ["math", "code"] }, { title: "Grace" }]);
    const doc = await parseDocument(utf8(json), { filename: "people.json" });
    expect(doc.pages[0]?.blocks.map((b) => b.text)).toEqual([
      "title: Ada\ntags[0]: math\ntags[1]: code",
      "title: Grace",
    ]);
    const lines = await parseDocument(utf8('{"_id":"1","text":"a"}\n{"_id":"2","text":"b"}\n'), {
      filename: "c.jsonl",
    });
    expect(lines.pages[0]?.blocks).toHaveLength(2);
    await expect(parseDocument(utf8("{oops"), { filename: "bad.json" })).rejects.toMatchObject({
      code: "CORRUPT",
    });
  });

  it("reads a mail's subject, people, date and body", async () => {
    const eml = [
      "From: Alice <alice@example.com>",
      "To: Bob <bob@example.com>",
      "Subject: Renewal of the contract",
      "Date: Tue, 02 Jan 2024 10:00:00 +0000",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Hi Bob,",
      "",
      "The contract renews on 1 March.",
    ].join("\r\n");
    const doc = await parseDocument(utf8(eml), { filename: "mail.eml" });
    expect(doc.meta.title).toBe("Renewal of the contract");
    expect(doc.pages[0]?.blocks[0]).toMatchObject({ kind: "heading", text: "Renewal of the contract" });
    expect(doc.pages[0]?.text).toContain("From: Alice <alice@example.com>");
    expect(doc.pages[0]?.text).toContain("The contract renews on 1 March.");
  });
});
