import { updateKnowledgeBase as setKbRow } from "@ragtime/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testBackends } from "../src/testing";

describe.each(testBackends())("knowledge bases ($dialect)", (backend) => {
  let server: TestServer;
  let owner: Record<string, string>;
  let member: Record<string, string>;
  let ownerTenantId: string;

  const call = async (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => {
    const res = await server.app.inject({
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload ? { payload } : {}),
    });
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    server = await startTestServer(await backend.open());
    const signUp = async (email: string) => {
      const res = await server.app.inject({
        method: "POST",
        url: "/api/v1/auth/register",
        payload: { email, password: "kb-password" },
      });
      return { authorization: `Bearer ${res.json().token}` };
    };
    owner = await signUp("owner@kb.test");
    member = await signUp("member@kb.test");
    ownerTenantId = (await call("GET", "/tenants/current", owner)).body.id;
    expect((await call("POST", "/team/members", owner, { email: "member@kb.test" })).status).toBe(200);
    // No body, no Content-Type: the path is the whole input.
    expect((await call("POST", `/tenants/${ownerTenantId}/accept`, member)).status).toBe(200);
    member = { ...member, "x-ragtime-tenant": ownerTenantId };
  });
  afterAll(async () => {
    await server?.close();
  });

  it("creates with the defaults of SPEC §3 and refuses a duplicate name", async () => {
    const created = await call("POST", "/knowledge-bases", owner, { name: "Filings", permission: "team" });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: "Filings",
      chunkMethod: "naive",
      similarityThreshold: 0.2,
      vectorSimilarityWeight: 0.3,
      parserConfig: { chunkTokenNum: 512, overlapPercent: 0 },
      docCount: 0,
      canEdit: true,
    });
    // A signed-in user's messages follow their profile language.
    await call("PATCH", "/users/me", owner, { language: "fr" });
    const again = await call("POST", "/knowledge-bases", owner, { name: "Filings" });
    await call("PATCH", "/users/me", owner, { language: "en" });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain("Une base de connaissances porte déjà ce nom");
  });

  it("rejects out-of-range parser settings naming the field", async () => {
    const bad = await call("POST", "/knowledge-bases", owner, {
      name: "Bad",
      parserConfig: { chunkTokenNum: 4096 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("parserConfig.chunkTokenNum");
    const method = await call("POST", "/knowledge-bases", owner, { name: "Bad", chunkMethod: "magic" });
    expect(method.status).toBe(400);
    expect(method.body.message).toContain("chunkMethod");
    expect((await call("GET", "/knowledge-bases?keywords=Bad", owner)).body.total).toBe(0);
  });

  it("shows team knowledge bases to members, private ones only to their creator", async () => {
    const mine = await call("POST", "/knowledge-bases", member, { name: "Member notes" });
    expect(mine.status).toBe(200);
    const ownerPrivate = await call("POST", "/knowledge-bases", owner, { name: "Board minutes" });
    const seenByMember = (await call("GET", "/knowledge-bases", member)).body.items.map(
      (kb: { name: string }) => kb.name,
    );
    expect(seenByMember).toContain("Filings");
    expect(seenByMember).toContain("Member notes");
    expect(seenByMember).not.toContain("Board minutes");
    expect((await call("GET", `/knowledge-bases/${ownerPrivate.body.id}`, member)).status).toBe(404);
    // The owner sees its own and the team's, not the member's private one.
    const seenByOwner = (await call("GET", "/knowledge-bases", owner)).body.items.map(
      (kb: { name: string }) => kb.name,
    );
    expect(seenByOwner).not.toContain("Member notes");
  });

  it("lets only the creator or an owner/admin change or delete", async () => {
    const filings = (await call("GET", "/knowledge-bases?keywords=filings", owner)).body.items[0];
    expect(filings.name).toBe("Filings");
    const asMember = await call("GET", `/knowledge-bases/${filings.id}`, member);
    expect(asMember.body.canEdit).toBe(false);
    expect((await call("PATCH", `/knowledge-bases/${filings.id}`, member, { name: "Hijacked" })).status).toBe(
      403,
    );
    expect((await call("DELETE", `/knowledge-bases/${filings.id}`, member)).status).toBe(403);
    const renamed = await call("PATCH", `/knowledge-bases/${filings.id}`, owner, {
      name: "10-Q filings",
      parserConfig: { overlapPercent: 10 },
    });
    expect(renamed.status).toBe(200);
    // parserConfig is merged, not replaced.
    expect(renamed.body.parserConfig).toMatchObject({ chunkTokenNum: 512, overlapPercent: 10 });
  });

  it("refuses to change the embedding model once the knowledge base has chunks", async () => {
    // An embedding model must exist in the workspace: one provider for each model used below.
    for (const [provider, name] of [
      ["openai", "text-embedding-3-small"],
      ["ollama", "bge-m3"],
    ]) {
      const created = await call("POST", "/model-providers", owner, {
        provider,
        ...(provider === "openai" ? { apiKey: "sk-test-key" } : {}),
        models: [{ name, type: "embedding" }],
      });
      expect(created.status).toBe(200);
    }
    const kb = (await call("POST", "/knowledge-bases", owner, { name: "Locked" })).body;
    expect(
      (
        await call("PATCH", `/knowledge-bases/${kb.id}`, owner, {
          embeddingModel: "text-embedding-3-small@openai",
        })
      ).status,
    ).toBe(200);
    await setKbRow(server.deps.database, { tenantId: ownerTenantId, id: kb.id }, { chunkCount: 3 });
    const refused = await call("PATCH", `/knowledge-bases/${kb.id}`, owner, {
      embeddingModel: "bge-m3@ollama",
    });
    expect(refused.status).toBe(409);
    expect((await call("GET", `/knowledge-bases/${kb.id}`, owner)).body.embeddingModel).toBe(
      "text-embedding-3-small@openai",
    );
  });

  it("pages, orders and searches literally (a % is not a wildcard)", async () => {
    for (const name of ["Growth 50% plan", "Growth 5 plan", "Growth 500 plan"]) {
      await call("POST", "/knowledge-bases", owner, { name, permission: "team" });
    }
    const literal = await call("GET", `/knowledge-bases?keywords=${encodeURIComponent("50%")}`, owner);
    expect(literal.body.items.map((kb: { name: string }) => kb.name)).toEqual(["Growth 50% plan"]);
    const page2 = await call(
      "GET",
      "/knowledge-bases?keywords=growth&orderBy=name&order=asc&page=2&pageSize=2",
      owner,
    );
    expect(page2.status).toBe(200);
    expect(page2.body.total).toBe(3);
    expect(page2.body.items.map((kb: { name: string }) => kb.name)).toEqual(["Growth 500 plan"]);
  });

  it("deletes: the knowledge base is gone for everyone", async () => {
    const kb = (await call("POST", "/knowledge-bases", owner, { name: "Temporary", permission: "team" }))
      .body;
    expect((await call("DELETE", `/knowledge-bases/${kb.id}`, owner)).status).toBe(200);
    expect((await call("GET", `/knowledge-bases/${kb.id}`, owner)).status).toBe(404);
    expect((await call("DELETE", `/knowledge-bases/${kb.id}`, owner)).status).toBe(404);
  });
});
