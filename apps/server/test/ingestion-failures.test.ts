import { parseDocument } from "@ragtime/rag";
import { PDFDocument } from "pdf-lib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";
import { queueMatrix } from "./queue-matrix";
import { type Json, restApi } from "./rest-api";

/** What the parser does in this test file: the real one, unless a test says otherwise. */
let parserMode: "real" | "throw" | "hold" = "real";
/** In "hold" mode every parse waits for this gate (or its task's cancellation). */
let releaseGate: () => void = () => {};
let gate: Promise<void> = Promise.resolve();
const closeGate = () => {
  gate = new Promise<void>((resolve) => {
    releaseGate = resolve;
  });
};

describe.each(queueMatrix())(
  "ingestion failures, cancel and re-parse ($dialect, $queue queue)",
  ({ backend, redisUrl: redis }) => {
    let server: TestServer;
    let url: string;
    let auth: Record<string, string>;
    let kbId: string;

    const api = restApi(
      () => url,
      () => auth,
    );
    const upload = async (name: string, bytes: Uint8Array | string) => {
      const form = new FormData();
      form.append("file", new Blob([bytes]), name);
      const res = await fetch(`${url}/api/v1/knowledge-bases/${kbId}/documents`, {
        method: "POST",
        headers: auth,
        body: form,
      });
      return ((await res.json()) as Json).documents[0].id as string;
    };
    const waitFor = async (id: string, runs: string[], timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const doc = (await api("GET", `/documents/${id}`)).body;
        if (runs.includes(doc.run)) return doc;
        if (Date.now() > deadline) throw new Error(`document stayed ${doc.run} (${doc.progressMsg})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const chunkTexts = async (id: string) =>
      (await api("GET", `/documents/${id}/chunks?pageSize=200`)).body.items.map(
        (c: Json) => c.content as string,
      );

    beforeAll(async () => {
      server = await startTestServer(await backend.open(), {
        workers: true,
        ...(redis ? { redisUrl: redis } : {}),
        queue: { backoffMs: 20, leaseMs: 10_000 },
        parse: async (bytes, options) => {
          if (parserMode === "throw") throw new Error("the parser exploded on purpose");
          if (parserMode === "hold") {
            const aborted = new Promise<never>((_, reject) =>
              options.signal?.addEventListener("abort", () => reject(new Error("stopped")), { once: true }),
            );
            await Promise.race([gate, aborted]);
          }
          return parseDocument(bytes, options);
        },
      });
      url = await server.listen();
      const reg = await fetch(`${url}/api/v1/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "fail@example.com", password: "fail-password" }),
      });
      auth = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
      kbId = (await api("POST", "/knowledge-bases", { name: "Failures" })).body.id;
    });
    afterEach(() => {
      parserMode = "real";
      releaseGate();
    });
    afterAll(async () => {
      await server?.close();
    });

    it("a parser that always throws: retried, then FAIL with the error text within the retry budget", async () => {
      const id = await upload("doomed.txt", "This text will never be parsed.");
      parserMode = "throw";
      await api("POST", "/documents/run", { ids: [id] });
      const doc = await waitFor(id, ["FAIL", "DONE"]);
      expect(doc.run).toBe("FAIL");
      expect(doc.progressMsg).toContain("the parser exploded on purpose");
      expect(doc.progressMsg).toMatch(/retrying \(attempt 3\)/);
      expect(doc.progressMsg).not.toMatch(/attempt 4/);
      expect((await chunkTexts(id)).length).toBe(0);
    });

    it("a damaged PDF fails at once with the parser's reason", async () => {
      const id = await upload("broken.pdf", "%PDF-1.7\nthis is not really a pdf body\n%%EOF");
      const queued = await api("POST", "/documents/run", { ids: [id] });
      expect(queued.status).toBe(200);
      const doc = await waitFor(id, ["FAIL", "DONE"]);
      expect(doc.run).toBe("FAIL");
      expect(doc.progressMsg).toMatch(/broken\.pdf/);
    });

    it("a 10 000-page PDF is refused by the page limit, fast", async () => {
      const pdf = await PDFDocument.create();
      for (let i = 0; i < 10_000; i++) pdf.addPage([50, 50]);
      const id = await upload("huge.pdf", await pdf.save());
      const started = Date.now();
      await api("POST", "/documents/run", { ids: [id] });
      const doc = await waitFor(id, ["FAIL", "DONE"]);
      expect(doc.run).toBe("FAIL");
      expect(doc.progressMsg).toMatch(/10000 pages is more than the limit/);
      expect(Date.now() - started).toBeLessThan(20_000);
    });

    it("cancel mid-run stops the task and leaves no chunks of that run behind", async () => {
      const id = await upload("cancel-me.md", "# Title\n\nSome words to index.");
      parserMode = "hold";
      closeGate();
      await api("POST", "/documents/run", { ids: [id] });
      await waitFor(id, ["RUNNING"]);
      const cancelled = await api("POST", "/documents/cancel", { ids: [id] });
      expect(cancelled.body[0].run).toBe("CANCEL");
      releaseGate();
      await new Promise((r) => setTimeout(r, 500));
      const doc = (await api("GET", `/documents/${id}`)).body;
      expect(doc.run).toBe("CANCEL");
      expect(await chunkTexts(id)).toEqual([]);
      const stage = server.deps.database.t.chunkStage;
      const staged = await server.deps.database.db.select().from(stage);
      expect(staged.filter((row) => row.docId === id)).toEqual([]);
    });

    it("re-parsing swaps chunks at once: during the run the old ones are still there", async () => {
      const id = await upload("policy.md", "# Policy\n\nThe old rule: reimburse taxis.");
      await api("POST", "/documents/run", { ids: [id] });
      await waitFor(id, ["DONE"]);
      expect((await chunkTexts(id)).join(" ")).toContain("old rule");

      // Same document, new content: change the chunk method so the new run cuts it differently.
      await api("PATCH", `/documents/${id}`, { chunkMethod: "one" });
      expect(await chunkTexts(id)).toEqual([]); // a new chunk method drops the old chunks
      await api("POST", "/documents/run", { ids: [id] });
      await waitFor(id, ["DONE"]);
      const firstRun = await chunkTexts(id);
      expect(firstRun.length).toBeGreaterThan(0);

      parserMode = "hold";
      closeGate();
      await api("POST", "/documents/run", { ids: [id] });
      await waitFor(id, ["RUNNING"]);
      // Mid-run: searches still see the previous chunks, not none and not a mix.
      expect(await chunkTexts(id)).toEqual(firstRun);
      releaseGate();
      const done = await waitFor(id, ["DONE"]);
      expect(done.chunkCount).toBe(firstRun.length);
      expect(await chunkTexts(id)).toEqual(firstRun);
    });
  },
);
