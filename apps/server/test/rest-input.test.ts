import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testBackends } from "../src/testing";
import { bearer, injectTrpc, invalidFieldPrefix } from "./helpers";

// Responses are inspected field by field; typing each REST answer would only restate the schemas.
// biome-ignore lint/suspicious/noExplicitAny: test-only view of JSON bodies
type Json = any;

/**
 * Query strings are text: REST reads them with the types the procedure declares ("false" is
 * false, "2" is 2), refuses what does not read cleanly, and does so without changing the schemas
 * tRPC parses with (trpc-to-openapi's own coercion mutated them: rest/rest-router.ts).
 */
describe.each(testBackends())("REST query strings are read by the schema's types ($dialect)", (backend) => {
  let server: TestServer;
  let url: string;
  let token: string;
  let documentId: string;
  let chunkIds: string[];

  const get = async (path: string) => {
    const res = await fetch(`${url}/api/v1${path}`, { headers: bearer(token) });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    server = await startTestServer(await backend.open(), { workers: true });
    url = await server.listen();
    const reg = await fetch(`${url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "query@example.com", password: "query-password" }),
    });
    token = ((await reg.json()) as Json).token;
    const json = { ...bearer(token), "content-type": "application/json" };
    const kb = await fetch(`${url}/api/v1/knowledge-bases`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ name: "Small chunks", parserConfig: { chunkTokenNum: 12 } }),
    });
    const kbId = ((await kb.json()) as Json).id;
    const form = new FormData();
    const text = [
      "The office opens at eight on weekdays.",
      "Parking is free for visitors after six.",
      "The canteen serves lunch from noon until two.",
    ].join("\n\n");
    form.append("file", new Blob([text]), "office.txt");
    const uploaded = await fetch(`${url}/api/v1/knowledge-bases/${kbId}/documents`, {
      method: "POST",
      headers: bearer(token),
      body: form,
    });
    documentId = ((await uploaded.json()) as Json).documents[0].id;
    await fetch(`${url}/api/v1/documents/run`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ ids: [documentId] }),
    });
    for (const deadline = Date.now() + 60_000; ; ) {
      const doc = (await get(`/documents/${documentId}`)).body;
      if (doc.run === "DONE") break;
      if (doc.run === "FAIL" || Date.now() > deadline)
        throw new Error(`document: ${doc.run} ${doc.progressMsg}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    chunkIds = (await get(`/documents/${documentId}/chunks`)).body.items.map((c: Json) => c.id);
    // One chunk switched off: the `available` filter has something to tell apart.
    await fetch(`${url}/api/v1/chunks/available`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ ids: [chunkIds[0]], available: false }),
    });
  }, 90_000);
  afterAll(async () => {
    await server?.close();
  });

  it("reads available=false as false and available=true as true", async () => {
    expect(chunkIds.length).toBeGreaterThanOrEqual(3);
    const off = await get(`/documents/${documentId}/chunks?available=false`);
    expect(off.status).toBe(200);
    expect(off.body.items.map((c: Json) => c.id)).toEqual([chunkIds[0]]);
    const on = await get(`/documents/${documentId}/chunks?available=true`);
    expect(on.body.total).toBe(chunkIds.length - 1);
    expect(on.body.items.every((c: Json) => c.available)).toBe(true);
    expect((await get(`/documents/${documentId}/chunks?available=0`)).body.total).toBe(1);
    expect((await get(`/documents/${documentId}/chunks?available=1`)).body.total).toBe(chunkIds.length - 1);
  });

  it("reads numbers, and refuses text that is not one with a 400 naming the field", async () => {
    const page = await get(`/documents/${documentId}/chunks?page=2&pageSize=1`);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0].id).toBe(chunkIds[1]);
    for (const [query, field] of [
      ["pageSize=ten", "pageSize"],
      ["pageSize=1e999", "pageSize"],
      ["available=maybe", "available"],
      ["available=", undefined],
    ] as const) {
      const res = await get(`/documents/${documentId}/chunks?${query}`);
      if (field === undefined) {
        expect(res.status, query).toBe(200);
        continue;
      }
      expect(res.status, query).toBe(400);
      expect(res.body.message, query).toContain(invalidFieldPrefix(field, "en"));
    }
  });

  it("leaves tRPC's parsing as it was after REST calls", async () => {
    const headers = bearer(token);
    const typed = await injectTrpc(server.app, "chunks.list", {
      headers,
      input: { documentId, available: false },
    });
    expect(typed.statusCode, typed.body).toBe(200);
    expect(typed.json().result.data.items.map((c: Json) => c.id)).toEqual([chunkIds[0]]);
    // tRPC carries JSON: a string is not a boolean there, before or after any REST call.
    const text = await injectTrpc(server.app, "chunks.list", {
      headers,
      input: { documentId, available: "false" },
    });
    expect(text.statusCode, text.body).toBe(400);
    const body = await injectTrpc(server.app, "chunks.setAvailable", {
      headers,
      input: { ids: [chunkIds[1]], available: "false" },
    });
    expect(body.statusCode, body.body).toBe(400);
  });
});
