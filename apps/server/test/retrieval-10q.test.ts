/**
 * The retrieval check: five SEC 10-Q filings (Apple, Amazon, Intel, Microsoft, NVIDIA,
 * quarter ended mid-2022) ingested with the built-in models, and a question whose answer is one
 * figure in Apple's income statement.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listDocumentChunks } from "@ragtime/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testBackends } from "../src/testing";

// biome-ignore lint/suspicious/noExplicitAny: test-only view of JSON bodies
type Json = any;

const DATA = fileURLToPath(new URL("../../../../shared/data/sec-10q/", import.meta.url));
const FILES = ["AAPL", "AMZN", "INTC", "MSFT", "NVDA"].map((t) => `2022-Q3-${t}.pdf`);
const QUESTION = "What was Apple's total net sales for the quarter ended June 25, 2022?";
/** Apple's condensed consolidated statement of operations: total net sales, three months ended June 25, 2022 ($ millions). */
const FIGURE = "82,959";

describe.each(testBackends())("retrieval on the 10-Q filings ($dialect)", (backend) => {
  let server: TestServer;
  let url: string;
  let auth: Record<string, string>;
  let kbId: string;

  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: body === undefined ? auth : { ...auth, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    server = await startTestServer(await backend.open(), {
      workers: true,
      config: { EMBEDDINGS_ENABLED: true },
    });
    url = await server.listen();
    const reg = await fetch(`${url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "tenq@example.com", password: "tenq-password" }),
    });
    auth = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
    kbId = (await api("POST", "/knowledge-bases", { name: "10-Q" })).body.id;
    expect((await api("GET", `/knowledge-bases/${kbId}`)).body.embeddingModel).toMatch(/@builtin$/);
    const form = new FormData();
    for (const name of FILES) form.append("file", new Blob([await readFile(path.join(DATA, name))]), name);
    const up = await fetch(`${url}/api/v1/knowledge-bases/${kbId}/documents`, {
      method: "POST",
      headers: auth,
      body: form,
    });
    const ids: string[] = ((await up.json()) as Json).documents.map((d: Json) => d.id);
    expect(ids).toHaveLength(5);
    await api("POST", "/documents/run", { ids });
    const deadline = Date.now() + 1_100_000;
    for (;;) {
      const docs = await Promise.all(ids.map(async (id) => (await api("GET", `/documents/${id}`)).body));
      const failed = docs.find((d) => d.run === "FAIL");
      if (failed) throw new Error(`${failed.name}: ${failed.progressMsg}`);
      if (docs.every((d) => d.run === "DONE")) {
        // Vectors follow keyword indexing: wait for the last one, so the default hybrid search runs.
        let missing = 0;
        for (const id of ids) {
          for (let page = 1; ; page++) {
            const { items } = await listDocumentChunks(server.deps.database, {
              docId: id,
              page,
              pageSize: 500,
            });
            missing += items.filter((c) => c.vectorDim === null).length;
            if (items.length < 500) break;
          }
        }
        if (missing === 0) break;
        if (process.env.RETRIEVAL_TEST_PROGRESS) process.stderr.write(`10-Q: ${missing} chunks to embed\n`);
      }
      if (Date.now() > deadline) throw new Error("the filings were not indexed and embedded in time");
      await new Promise((r) => setTimeout(r, 1000));
    }
  }, 1_200_000);
  afterAll(async () => {
    await server?.close();
  });

  it("puts a chunk with Apple's total net sales for the quarter in the top 3 (default hybrid search)", async () => {
    const res = await api("POST", "/retrieval", {
      kbIds: [kbId],
      question: QUESTION,
      pageSize: 3,
      highlight: true,
    });
    expect(res.status).toBe(200);
    const top = res.body.chunks as Json[];
    expect(top.length).toBeGreaterThan(0);
    const hit = top.find((c) => c.content.includes(FIGURE));
    expect(
      hit,
      top.map((c) => `${c.documentName} p.${c.pageNumbers}: ${c.content.slice(0, 200)}`).join("\n"),
    ).toBeDefined();
    expect(hit.documentName).toBe("2022-Q3-AAPL.pdf");
    // Why it ranked: both legs ran and the answer shows each one's part.
    expect(hit.termSimilarity).toBeGreaterThan(0);
    expect(hit.vectorSimilarity).toBeGreaterThan(0);
    expect(hit.highlight).toContain("<em>");
    expect(hit.pageNumbers.length).toBeGreaterThan(0);
    expect(res.body.docAggs.map((a: Json) => a.documentName)).toContain("2022-Q3-AAPL.pdf");
  });

  it("finds it keyword-only too", async () => {
    const res = await api("POST", "/retrieval", {
      kbIds: [kbId],
      question: QUESTION,
      pageSize: 3,
      vectorSimilarityWeight: 0,
    });
    expect(res.body.chunks.some((c: Json) => c.content.includes(FIGURE))).toBe(true);
  });
});
