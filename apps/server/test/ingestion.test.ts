import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";
import { makeDocx, makePptx, makeXlsx } from "./office-fixtures";
import { queueMatrix } from "./queue-matrix";
import { type Json, restApi, waitUntilSettled } from "./rest-api";

// Responses are inspected field by field; typing each REST answer would only restate the schemas.
const TICKERS = ["AAPL", "AMZN", "INTC", "MSFT", "NVDA"] as const;
const tenQ = (ticker: string) =>
  fileURLToPath(new URL(`../../../../shared/data/sec-10q/2022-Q3-${ticker}.pdf`, import.meta.url));

describe.each(queueMatrix())(
  "ingestion: upload → run → DONE with chunks ($dialect, $queue queue)",
  ({ backend, redisUrl: redis }) => {
    let server: TestServer;
    let url: string;
    let auth: Record<string, string>;
    let kbId: string;

    const api = restApi(
      () => url,
      () => auth,
    );

    beforeAll(async () => {
      server = await startTestServer(await backend.open(), {
        workers: true,
        ...(redis ? { redisUrl: redis } : {}),
      });
      url = await server.listen();
      const reg = await fetch(`${url}/api/v1/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "ingest@example.com", password: "ingest-password" }),
      });
      auth = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
      kbId = (await api("POST", "/knowledge-bases", { name: "Quarterly filings" })).body.id;
    });
    afterAll(async () => {
      await server?.close();
    });

    it("parses the five 10-Q PDFs and office, web and text files until every one is DONE", async () => {
      const form = new FormData();
      for (const t of TICKERS) form.append("file", new Blob([await readFile(tenQ(t))]), `2022-Q3-${t}.pdf`);
      form.append("file", new Blob([await makeDocx()]), "policy.docx");
      form.append("file", new Blob([await makeXlsx()]), "offices.xlsx");
      form.append("file", new Blob([await makePptx()]), "roadmap.pptx");
      form.append(
        "file",
        new Blob(["<html><body><h1>Support</h1><p>Call us on weekdays.</p></body></html>"]),
        "support.html",
      );
      form.append("file", new Blob(["# FAQ\n\n## Refunds\n\nRefunds take five business days."]), "faq.md");
      form.append("file", new Blob(["Plain notes: the office closes at 6 pm on Fridays."]), "notes.txt");
      const uploaded = await fetch(`${url}/api/v1/knowledge-bases/${kbId}/documents`, {
        method: "POST",
        headers: auth,
        body: form,
      });
      expect(uploaded.status).toBe(200);
      const ids: string[] = ((await uploaded.json()) as Json).documents.map((d: Json) => d.id);

      const queued = await api("POST", "/documents/run", { ids });
      expect(queued.status).toBe(200);
      expect(queued.body.every((d: Json) => d.run === "QUEUED")).toBe(true);

      const docs = await waitUntilSettled(api, ids, 240_000);
      for (const doc of docs) {
        expect([doc.name, doc.run, doc.progressMsg?.includes("failed") ? doc.progressMsg : ""]).toEqual([
          doc.name,
          "DONE",
          "",
        ]);
        expect(doc.chunkCount, doc.name).toBeGreaterThan(0);
        expect(doc.progress).toBe(1);
      }
      const kb = (await api("GET", `/knowledge-bases/${kbId}`)).body;
      expect(kb.chunkCount).toBe(docs.reduce((sum: number, d: Json) => sum + d.chunkCount, 0));

      // PDF chunks carry their pages, and the statements' table rows are in the text.
      const apple = docs.find((d: Json) => d.name === "2022-Q3-AAPL.pdf");
      const sales = (
        await api("GET", `/documents/${apple.id}/chunks?keywords=${encodeURIComponent("Total net sales")}`)
      ).body;
      expect(sales.total).toBeGreaterThan(0);
      const row = sales.items.find((c: Json) => /Total net sales[\s|$]*82,959/.test(c.content));
      expect(row, "Apple's total net sales row (82,959) in a chunk").toBeDefined();
      expect(row.pageNumbers.length).toBeGreaterThan(0);
      expect(row.pageNumbers.every((p: number) => p >= 1)).toBe(true);
      // A multi-task PDF: its progress log names page ranges.
      expect(apple.progressMsg).toMatch(/Pages 1–12/);
    });

    it("runs a bulk upload of small documents to DONE, written many per transaction, with exact counters", async () => {
      const bulkKb = (await api("POST", "/knowledge-bases", { name: "Abstracts" })).body.id;
      const count = 120;
      const ids: string[] = [];
      // At most 100 files per upload.
      for (const [from, to] of [
        [0, 100],
        [100, count],
      ] as const) {
        const form = new FormData();
        for (let i = from; i < to; i++) {
          const words = i % 3 === 0 ? "" : ` ${"protein folding ".repeat(i % 5)}`;
          form.append(
            "file",
            new Blob([`Abstract ${i}: marker${i} cells respond to stimulus${words}.`]),
            `a${i}.txt`,
          );
        }
        const uploaded = await fetch(`${url}/api/v1/knowledge-bases/${bulkKb}/documents`, {
          method: "POST",
          headers: auth,
          body: form,
        });
        expect(uploaded.status).toBe(200);
        ids.push(...((await uploaded.json()) as Json).documents.map((d: Json) => d.id));
      }
      expect(ids).toHaveLength(count);
      // At most 100 ids per call.
      for (const part of [ids.slice(0, 100), ids.slice(100)]) {
        const queued = await api("POST", "/documents/run", { ids: part });
        expect(queued.body.map((d: Json) => d.run)).toEqual(part.map(() => "QUEUED"));
      }

      const docs = await waitUntilSettled(api, ids, 120_000);
      expect(
        docs.filter((d: Json) => d.run !== "DONE").map((d: Json) => [d.name, d.run, d.progressMsg]),
      ).toEqual([]);
      for (const doc of docs) {
        expect(doc.chunkCount, doc.name).toBe(1);
        expect(doc.progress).toBe(1);
        expect(doc.progressMsg).toMatch(/Document: indexed 1 chunks/);
      }
      const kb = (await api("GET", `/knowledge-bases/${bulkKb}`)).body;
      expect(kb.chunkCount).toBe(count);
      expect(kb.tokenCount).toBe(docs.reduce((sum: number, d: Json) => sum + d.tokenCount, 0));
      // Each document's own words are in its chunk, and only there.
      const sample = docs[37];
      const hits = (await api("GET", `/documents/${sample.id}/chunks?keywords=marker37`)).body;
      expect(hits.items.map((c: Json) => c.content)).toEqual([expect.stringContaining("marker37 cells")]);

      // Running them again swaps each document's chunk for the same one: counters do not move.
      await api("POST", "/documents/run", { ids: ids.slice(0, 40) });
      await waitUntilSettled(api, ids.slice(0, 40), 120_000);
      const again = (await api("GET", `/knowledge-bases/${bulkKb}`)).body;
      expect([again.chunkCount, again.tokenCount]).toEqual([kb.chunkCount, kb.tokenCount]);
    });
  },
);
