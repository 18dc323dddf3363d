import { startIngestionWorkers } from "@ragtime/core";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testBackends } from "../src/testing";

// biome-ignore lint/suspicious/noExplicitAny: test-only view of JSON bodies
type Json = any;

describe.each(testBackends())(
  "embedding after keyword indexing, with the built-in encoder ($dialect)",
  (backend) => {
    let server: TestServer;
    let url: string;
    let auth: Record<string, string>;

    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}/api/v1${path}`, {
        method,
        headers: body === undefined ? auth : { ...auth, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return (await res.json()) as Json;
    };

    beforeAll(async () => {
      server = await startTestServer(await backend.open(), {
        workers: true,
        config: { EMBEDDINGS_ENABLED: true, EMBEDDING_THREADS: 1 },
      });
      url = await server.listen();
      const reg = await fetch(`${url}/api/v1/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "embed@example.com", password: "embed-password" }),
      });
      auth = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
    });
    afterAll(async () => {
      await server?.close();
    });

    it("a DONE document gets vectors for every chunk, offline, and says so in its log", async () => {
      const kb = await api("POST", "/knowledge-bases", { name: "Vectors" });
      expect(kb.embeddingModel).toBe("universal-sentence-encoder-lite@builtin");
      const form = new FormData();
      const text = "# Cats\n\nCats sleep most of the day.\n\n# Dogs\n\nDogs need a walk every morning.";
      form.append("file", new Blob([text]), "pets.md");
      const up = await fetch(`${url}/api/v1/knowledge-bases/${kb.id}/documents`, {
        method: "POST",
        headers: auth,
        body: form,
      });
      const docId: string = ((await up.json()) as Json).documents[0].id;
      await api("POST", "/documents/run", { ids: [docId] });

      const deadline = Date.now() + 90_000;
      let chunks: Json;
      for (;;) {
        chunks = await api("GET", `/documents/${docId}/chunks`);
        const doc = await api("GET", `/documents/${docId}`);
        if (doc.run === "FAIL") throw new Error(doc.progressMsg);
        if (doc.run === "DONE" && chunks.total > 0 && chunks.items.every((c: Json) => c.hasVector)) {
          expect(doc.progressMsg).toMatch(
            /Embedded \d+ chunks? with universal-sentence-encoder-lite@builtin/,
          );
          break;
        }
        if (Date.now() > deadline)
          throw new Error(`no vectors yet: ${JSON.stringify(chunks.items.map((c: Json) => c.hasVector))}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(chunks.total).toBeGreaterThan(0);
    });

    it("vectors a stopped process did not finish are resumed when workers start again", async () => {
      const kb = await api("POST", "/knowledge-bases", { name: "Resumed vectors" });
      const form = new FormData();
      form.append("file", new Blob(["Lighthouses guide ships along rocky coasts at night."]), "light.txt");
      const up = await fetch(`${url}/api/v1/knowledge-bases/${kb.id}/documents`, {
        method: "POST",
        headers: auth,
        body: form,
      });
      const docId: string = ((await up.json()) as Json).documents[0].id;
      await api("POST", "/documents/run", { ids: [docId] });
      const vectorsIn = async () => {
        const deadline = Date.now() + 90_000;
        for (;;) {
          const chunks = await api("GET", `/documents/${docId}/chunks`);
          if (chunks.total > 0 && chunks.items.every((c: Json) => c.hasVector)) return;
          if (Date.now() > deadline) throw new Error("no vectors");
          await new Promise((r) => setTimeout(r, 250));
        }
      };
      await vectorsIn();
      // As if the process had stopped between keyword indexing and embedding: DONE, no vectors.
      const { database } = server.deps;
      await database.db
        .update(database.t.chunks)
        .set({ vectorDim: null })
        .where(eq(database.t.chunks.docId, docId));
      expect((await api("GET", `/documents/${docId}/chunks`)).items.every((c: Json) => !c.hasVector)).toBe(
        true,
      );
      // A restarted process's workers find it and embed it again.
      const restarted = await startIngestionWorkers(server.deps, { concurrency: 1 });
      try {
        await vectorsIn();
      } finally {
        await restarted.close(1000);
      }
    });

    it("many small documents: DONE by keyword first, then vectors for all of them, each noted in its log", async () => {
      const kb = await api("POST", "/knowledge-bases", { name: "Many vectors" });
      const form = new FormData();
      for (let i = 0; i < 24; i++)
        form.append("file", new Blob([`Note ${i}: the meeting moved to room ${i}.`]), `n${i}.txt`);
      const up = await fetch(`${url}/api/v1/knowledge-bases/${kb.id}/documents`, {
        method: "POST",
        headers: auth,
        body: form,
      });
      const ids: string[] = ((await up.json()) as Json).documents.map((d: Json) => d.id);
      await api("POST", "/documents/run", { ids });

      const deadline = Date.now() + 120_000;
      for (;;) {
        const docs = await Promise.all(ids.map((id) => api("GET", `/documents/${id}`)));
        if (docs.some((d: Json) => d.run === "FAIL"))
          throw new Error(JSON.stringify(docs.map((d: Json) => d.progressMsg)));
        const noted = docs.filter((d: Json) =>
          /Embedded 1 chunk with universal-sentence-encoder-lite@builtin/.test(d.progressMsg),
        );
        if (noted.length === ids.length) {
          expect(docs.every((d: Json) => d.run === "DONE")).toBe(true);
          break;
        }
        if (Date.now() > deadline) throw new Error(`${noted.length}/${ids.length} documents embedded`);
        await new Promise((r) => setTimeout(r, 250));
      }
      for (const id of ids) {
        const chunks = await api("GET", `/documents/${id}/chunks`);
        expect(chunks.items.map((c: Json) => c.hasVector)).toEqual([true]);
      }
    });
  },
);
