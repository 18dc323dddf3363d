import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testBackends } from "../src/testing";

const TEN_Q = fileURLToPath(new URL("../../../../shared/data/sec-10q/2022-Q3-AAPL.pdf", import.meta.url));
const MIB = 1024 * 1024;
// Responses are inspected field by field; typing each REST answer would only restate the schemas.
// biome-ignore lint/suspicious/noExplicitAny: test-only view of JSON bodies
type Json = any;

describe.each(testBackends())("documents: upload, list, change, download, delete ($dialect)", (backend) => {
  let server: TestServer;
  let url: string;
  let auth: Record<string, string>;
  let kbId: string;
  let pdf: Buffer;

  const api = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = auth,
  ) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const upload = async (
    files: { name: string; bytes: Uint8Array | string }[],
    headers = auth,
    target = kbId,
  ) => {
    const form = new FormData();
    for (const f of files) form.append("file", new Blob([f.bytes]), f.name);
    const res = await fetch(`${url}/api/v1/knowledge-bases/${target}/documents`, {
      method: "POST",
      headers,
      body: form,
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const documentCount = async () =>
    (await api("GET", `/knowledge-bases/${kbId}/documents`)).body.total as number;
  const storedBlobs = async () => {
    const root = (server.deps.storage.label.match(/\/\S+/) ?? [""])[0];
    const walk = async (dir: string): Promise<number> => {
      let n = 0;
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        n += entry.isDirectory() ? await walk(`${dir}/${entry.name}`) : entry.name.startsWith(".") ? 0 : 1;
      }
      return n;
    };
    return walk(root);
  };

  beforeAll(async () => {
    server = await startTestServer(await backend.open(), { config: { UPLOAD_MAX_BYTES: 8 * MIB } });
    url = await server.listen();
    const reg = await fetch(`${url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "docs@example.com", password: "docs-password" }),
    });
    auth = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
    kbId = (await api("POST", "/knowledge-bases", { name: "Filings" })).body.id;
    pdf = await readFile(TEN_Q);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("uploads several files at once, typed by content, and counts them", async () => {
    const res = await upload([
      { name: "2022-Q3-AAPL.pdf", bytes: pdf },
      { name: "notes.md", bytes: "# Notes\n\nApple's net sales were $82,959 million." },
      { name: "page.html", bytes: "<html><body><h1>Hello</h1></body></html>" },
    ]);
    expect(res.status).toBe(200);
    expect(
      res.body.documents.map((d: { name: string; type: string; run: string }) => [d.name, d.type, d.run]),
    ).toEqual([
      ["2022-Q3-AAPL.pdf", "pdf", "UNSTART"],
      ["notes.md", "text", "UNSTART"],
      ["page.html", "html", "UNSTART"],
    ]);
    expect(res.body.documents[0].size).toBe(pdf.length);
    expect(await documentCount()).toBe(3);
    expect((await api("GET", `/knowledge-bases/${kbId}`)).body.docCount).toBe(3);
  });

  it("renames a colliding upload to name(1).ext", async () => {
    const res = await upload([
      { name: "notes.md", bytes: "second" },
      { name: "notes.md", bytes: "third" },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.documents.map((d: { name: string }) => d.name)).toEqual(["notes(1).md", "notes(2).md"]);
  });

  it("downloads the original bytes", async () => {
    const list = await api("GET", `/knowledge-bases/${kbId}/documents?keywords=aapl`);
    const id = list.body.items[0].id;
    const res = await fetch(`${url}/api/v1/documents/${id}/download`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toContain("2022-Q3-AAPL.pdf");
    const got = Buffer.from(await res.arrayBuffer());
    expect(createHash("sha256").update(got).digest("hex")).toBe(
      createHash("sha256").update(pdf).digest("hex"),
    );
  });

  describe("hostile uploads get a clear 4xx and leave nothing behind", () => {
    const cases: [string, () => { name: string; bytes: Uint8Array | string }, number, RegExp][] = [
      ["a 0-byte file", () => ({ name: "empty.txt", bytes: "" }), 400, /empty\.txt.*empty/],
      [
        "a file over the limit",
        () => ({ name: "big.txt", bytes: "x".repeat(9 * MIB) }),
        413,
        /big\.txt.*8 MiB/,
      ],
      [
        "a .pdf that is not a PDF",
        () => ({ name: "fake.pdf", bytes: "just some text, not a PDF" }),
        415,
        /fake\.pdf/,
      ],
      [
        "a name with ../",
        () => ({ name: "../../etc/passwd.txt", bytes: "root:x:0:0" }),
        400,
        /not an acceptable file name/,
      ],
      [
        "a zip bomb disguised as DOCX",
        () => ({
          name: "bomb.docx",
          bytes: zipSync({
            "[Content_Types].xml": new TextEncoder().encode("<Types/>"),
            "word/document.xml": new Uint8Array(64 * MIB),
          }),
        }),
        415,
        /bomb\.docx/,
      ],
    ];
    it.each(cases)("%s", async (_label, make, status, message) => {
      const before = { docs: await documentCount(), blobs: await storedBlobs() };
      // A good file first: it must be rolled back with the bad one.
      const res = await upload([{ name: "good.txt", bytes: "fine" }, make()]);
      expect(res.status).toBe(status);
      expect(res.body.message).toMatch(message);
      expect(await documentCount()).toBe(before.docs);
      expect(await storedBlobs()).toBe(before.blobs);
    });
  });

  it("renames (same extension only), disables, sets metadata, and resets on a new chunk method", async () => {
    const doc = (await api("GET", `/knowledge-bases/${kbId}/documents?keywords=page`)).body.items[0];
    const bad = await api("PATCH", `/documents/${doc.id}`, { name: "page.pdf" });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain(".html");
    const ok = await api("PATCH", `/documents/${doc.id}`, {
      name: "welcome.html",
      enabled: false,
      metadata: { year: 2022, company: "Apple" },
      chunkMethod: "one",
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      name: "welcome.html",
      enabled: false,
      chunkMethod: "one",
      run: "UNSTART",
    });
    expect(ok.body.metadata).toEqual({ year: 2022, company: "Apple" });
    const filtered = await api(
      "GET",
      `/knowledge-bases/${kbId}/documents?suffix=html&orderBy=name&order=asc`,
    );
    expect(filtered.body.items.map((d: { name: string }) => d.name)).toEqual(["welcome.html"]);
  });

  it("keeps other workspaces out, and deletes with its file", async () => {
    const reg = await fetch(`${url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "stranger@example.com", password: "stranger-pass" }),
    });
    const stranger = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
    const doc = (await api("GET", `/knowledge-bases/${kbId}/documents?keywords=notes(1)`)).body.items[0];
    expect((await api("GET", `/documents/${doc.id}`, undefined, stranger)).status).toBe(404);
    expect((await fetch(`${url}/api/v1/documents/${doc.id}/download`, { headers: stranger })).status).toBe(
      404,
    );
    expect((await upload([{ name: "x.txt", bytes: "x" }], stranger)).status).toBe(404);
    expect((await api("DELETE", `/documents/${doc.id}`, undefined, stranger)).status).toBe(404);

    const blobs = await storedBlobs();
    const docs = await documentCount();
    expect((await api("DELETE", `/documents/${doc.id}`)).status).toBe(200);
    expect(await documentCount()).toBe(docs - 1);
    expect(await storedBlobs()).toBe(blobs - 1);
    expect((await api("GET", `/knowledge-bases/${kbId}`)).body.docCount).toBe(docs - 1);
  });
});
