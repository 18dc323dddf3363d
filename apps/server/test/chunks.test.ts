import { keywordSearch } from "@ragtime/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testBackends } from "../src/testing";
import { type Json, restApi } from "./rest-api";

describe.each(testBackends())("chunks: list, add, edit, disable, delete ($dialect)", (backend) => {
  let server: TestServer;
  let url: string;
  let auth: Record<string, string>;
  let kbId: string;
  let docId: string;

  const api = restApi(
    () => url,
    () => auth,
  );
  const search = async (term: string) =>
    (await keywordSearch(server.deps.database, { kbIds: [kbId], terms: [{ term }], limit: 10 })).map(
      (h) => h.chunkId,
    );

  beforeAll(async () => {
    server = await startTestServer(await backend.open(), { workers: true });
    url = await server.listen();
    const reg = await fetch(`${url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "chunks@example.com", password: "chunk-password" }),
    });
    auth = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
    kbId = (await api("POST", "/knowledge-bases", { name: "Chunks" })).body.id;
    const form = new FormData();
    form.append("file", new Blob(["# Office\n\nThe office opens at nine."]), "office.md");
    const up = await fetch(`${url}/api/v1/knowledge-bases/${kbId}/documents`, {
      method: "POST",
      headers: auth,
      body: form,
    });
    docId = ((await up.json()) as Json).documents[0].id;
    await api("POST", "/documents/run", { ids: [docId] });
    for (let i = 0; i < 200 && (await api("GET", `/documents/${docId}`)).body.run !== "DONE"; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it("adds a manual chunk that keyword search finds at once, and counts it", async () => {
    const before = (await api("GET", `/documents/${docId}`)).body.chunkCount;
    const created = await api("POST", `/documents/${docId}/chunks`, {
      content: "Parking is free for visitors.",
      importantKeywords: ["garage"],
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ documentId: docId, importantKeywords: ["garage"], available: true });
    expect(await search("park")).toContain(created.body.id);
    expect(await search("garag")).toContain(created.body.id); // keywords are indexed (stemmed)
    expect((await api("GET", `/documents/${docId}`)).body.chunkCount).toBe(before + 1);
    expect((await api("GET", `/knowledge-bases/${kbId}`)).body.chunkCount).toBe(before + 1);
  });

  it("edits the text: the old text is no longer found, the new one is", async () => {
    const list = (await api("GET", `/documents/${docId}/chunks?keywords=parking`)).body;
    const id = list.items[0].id;
    const edited = await api("PATCH", `/chunks/${id}`, { content: "Bicycles go in the courtyard." });
    expect(edited.status).toBe(200);
    expect(edited.body.id).not.toBe(id);
    expect(await search("park")).not.toContain(edited.body.id);
    expect(await search("bicycl")).toContain(edited.body.id);
    expect((await api("GET", `/chunks/${id}`)).status).toBe(404);
  });

  it("disabled chunks are not searchable; enabling brings them back; delete removes them", async () => {
    const chunk = (await api("GET", `/documents/${docId}/chunks?keywords=courtyard`)).body.items[0];
    expect((await api("POST", "/chunks/available", { ids: [chunk.id], available: false })).status).toBe(200);
    expect(await search("bicycl")).not.toContain(chunk.id);
    await api("POST", "/chunks/available", { ids: [chunk.id], available: true });
    expect(await search("bicycl")).toContain(chunk.id);
    const count = (await api("GET", `/documents/${docId}`)).body.chunkCount;
    expect((await api("POST", "/chunks/delete", { ids: [chunk.id] })).status).toBe(200);
    expect(await search("bicycl")).toEqual([]);
    expect((await api("GET", `/documents/${docId}`)).body.chunkCount).toBe(count - 1);
  });

  it("answers 404 for another workspace's chunk and 400 for empty text", async () => {
    const reg = await fetch(`${url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "other@example.com", password: "other-password" }),
    });
    const other = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
    const chunk = (await api("GET", `/documents/${docId}/chunks`)).body.items[0];
    const res = await fetch(`${url}/api/v1/chunks/${chunk.id}`, { headers: other });
    expect(res.status).toBe(404);
    expect((await api("POST", `/documents/${docId}/chunks`, { content: "   " })).status).toBe(400);
  });
});
