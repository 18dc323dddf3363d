import { type FakeLlm, startFakeLlm } from "@ragtime/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testBackends } from "../src/testing";

// biome-ignore lint/suspicious/noExplicitAny: test-only view of JSON bodies
type Json = any;

const DOCS: Record<string, { text: string; metadata: Record<string, string | number> }> = {
  "solar.md": {
    text: "# Solar panels\n\nSolar panels convert sunlight into electricity. Panel efficiency reached 22 percent in 2023.",
    metadata: { topic: "energy", year: 2023, author: "Ada Lovelace", tags: "green, power" },
  },
  "wind.md": {
    text: "# Wind turbines\n\nWind turbines turn the kinetic energy of wind into electricity for the grid.",
    metadata: { topic: "energy", year: 2021, author: "Grace Hopper", tags: "green" },
  },
  "bread.md": {
    text: "# Baking bread\n\nBread needs flour, water, salt and yeast. Knead the dough and let it rise overnight.",
    metadata: { topic: "cooking", year: 2019, author: "Julia Child" },
  },
  "pasta.md": {
    text: "# Fresh pasta\n\nFresh pasta is made from flour and eggs; roll the dough thin and cut it.",
    metadata: { topic: "cooking", year: 2022, author: "" },
  },
};

describe.each(testBackends())("retrieval: hybrid search over knowledge bases ($dialect)", (backend) => {
  let server: TestServer;
  let url: string;
  let auth: Record<string, string>;
  let kbId: string;
  const docIds: Record<string, string> = {};

  const api = async (method: string, path: string, body?: unknown, headers = auth) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const search = async (body: Record<string, unknown>) => {
    const res = await api("POST", "/retrieval", { kbIds: [kbId], similarityThreshold: 0, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const names = (result: Json): string[] => result.chunks.map((c: Json) => c.documentName);

  beforeAll(async () => {
    server = await startTestServer(await backend.open(), {
      workers: true,
      config: { EMBEDDINGS_ENABLED: true, EMBEDDING_THREADS: 1 },
    });
    url = await server.listen();
    const reg = await fetch(`${url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "retrieval@example.com", password: "retrieval-password" }),
    });
    auth = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
    kbId = (await api("POST", "/knowledge-bases", { name: "Retrieval" })).body.id;
    const form = new FormData();
    for (const [name, { text }] of Object.entries(DOCS)) form.append("file", new Blob([text]), name);
    const up = await fetch(`${url}/api/v1/knowledge-bases/${kbId}/documents`, {
      method: "POST",
      headers: auth,
      body: form,
    });
    for (const doc of ((await up.json()) as Json).documents) docIds[doc.name] = doc.id;
    for (const [name, { metadata }] of Object.entries(DOCS)) {
      expect((await api("PATCH", `/documents/${docIds[name]}`, { metadata })).status).toBe(200);
    }
    await api("POST", "/documents/run", { ids: Object.values(docIds) });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const states = await Promise.all(
        Object.values(docIds).map(async (id) => {
          const doc = (await api("GET", `/documents/${id}`)).body;
          const chunks = (await api("GET", `/documents/${id}/chunks`)).body;
          return doc.run === "DONE" && chunks.total > 0 && chunks.items.every((c: Json) => c.hasVector);
        }),
      );
      if (states.every(Boolean)) break;
      if (Date.now() > deadline) throw new Error("documents were not indexed and embedded in time");
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  it("finds the passage by its words, stemmed, and explains every score", async () => {
    const result = await search({ question: "How efficient are solar panels?", explain: true });
    expect(names(result)[0]).toBe("solar.md");
    const top = result.chunks[0];
    expect(top.similarity).toBeGreaterThan(0);
    expect(top.similarity).toBeLessThanOrEqual(1);
    expect(top.termSimilarity).toBe(1); // the best keyword hit
    expect(top.vectorSimilarity).toBeGreaterThan(0); // the vector leg ran
    // similarity = (1 − w′)·term + w′·vector, where w′ is the default weight 0.3 scaled by how much
    // the two legs agree (the answer says which w′ this query got): every score can be recomputed.
    expect(result.vectorWeight).toBeGreaterThanOrEqual(0);
    expect(result.vectorWeight).toBeLessThanOrEqual(0.3);
    for (const c of result.chunks) {
      expect(c.similarity).toBeCloseTo(
        (1 - result.vectorWeight) * c.termSimilarity + result.vectorWeight * c.vectorSimilarity,
        10,
      );
    }
    const terms = top.explanation.map((t: Json) => t.term).sort();
    expect(terms).toEqual(expect.arrayContaining(["effici", "panel", "solar"]));
    for (const t of top.explanation) {
      expect(t.df).toBeGreaterThan(0);
      expect(t.idf).toBeGreaterThan(0);
      expect(t.score).toBeGreaterThan(0);
    }
    const sum = top.explanation.reduce((s: number, t: Json) => s + t.score, 0);
    expect(sum).toBeCloseTo(top.bm25, 10);
    expect(result.total).toBe(result.chunks.length);
  });

  it("weight 0 is keyword only, weight 1 is vector only", async () => {
    const keyword = await search({ question: "flour dough", vectorSimilarityWeight: 0 });
    expect(new Set(names(keyword))).toEqual(new Set(["bread.md", "pasta.md"]));
    for (const c of keyword.chunks) expect(c.similarity).toBe(c.termSimilarity);
    expect(keyword.vectorWeight).toBe(0);
    const vector = await search({ question: "flour dough", vectorSimilarityWeight: 1 });
    expect(vector.vectorWeight).toBe(1);
    for (const c of vector.chunks) expect(c.similarity).toBe(c.vectorSimilarity);
    // The vector leg ranks every chunk, even those without a shared word.
    expect(vector.total).toBeGreaterThan(keyword.total);
  });

  it("drops results under the threshold and pages through the rest", async () => {
    const all = await search({ question: "energy electricity flour", vectorSimilarityWeight: 0 });
    expect(all.total).toBeGreaterThanOrEqual(3);
    const scores = all.chunks.map((c: Json) => c.similarity);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const cut = (scores[0] + scores[scores.length - 1]) / 2;
    const above = await search({
      question: "energy electricity flour",
      vectorSimilarityWeight: 0,
      similarityThreshold: cut,
    });
    expect(above.total).toBe(scores.filter((s: number) => s >= cut).length);
    expect(above.chunks.every((c: Json) => c.similarity >= cut)).toBe(true);
    const pages = [];
    for (let page = 1; page <= all.total; page++) {
      const p = await search({
        question: "energy electricity flour",
        vectorSimilarityWeight: 0,
        page,
        pageSize: 1,
      });
      expect(p.total).toBe(all.total);
      pages.push(p.chunks[0].id);
    }
    expect(pages).toEqual(all.chunks.map((c: Json) => c.id));
    const beyond = await search({ question: "energy", page: 99, pageSize: 10 });
    expect(beyond.chunks).toEqual([]);
  });

  it("counts chunks per document in docAggs", async () => {
    const result = await search({ question: "flour", vectorSimilarityWeight: 0 });
    const aggs = Object.fromEntries(result.docAggs.map((a: Json) => [a.documentName, a.count]));
    expect(aggs).toEqual({ "bread.md": 1, "pasta.md": 1 });
    expect(result.docAggs[0].documentId).toMatch(/^[0-9a-f]{32}$/);

    // A rename shows at once, in the chunks and in docAggs.
    expect((await api("PATCH", `/documents/${docIds["bread.md"]}`, { name: "sourdough.md" })).status).toBe(
      200,
    );
    const renamed = await search({ question: "flour", vectorSimilarityWeight: 0 });
    expect(renamed.docAggs.map((a: Json) => a.documentName).sort()).toEqual(["pasta.md", "sourdough.md"]);
    expect(names(renamed)).toContain("sourdough.md");
    await api("PATCH", `/documents/${docIds["bread.md"]}`, { name: "bread.md" });
    expect(names(await search({ question: "flour", vectorSimilarityWeight: 0 }))).toContain("bread.md");
  });

  it("highlights the matched words (any inflection)", async () => {
    const result = await search({ question: "turbine", highlight: true, vectorSimilarityWeight: 0 });
    expect(result.chunks[0].highlight).toContain("<em>turbines</em>");
    expect(result.chunks[0].highlight).not.toContain("<em>wind</em>");
  });

  it("filters by document and by metadata with every operator", async () => {
    const only = await search({ question: "flour electricity", documentIds: [docIds["bread.md"]] });
    expect(new Set(names(only))).toEqual(new Set(["bread.md"]));

    const filtered = async (conditions: Json[], logic = "and") =>
      new Set(
        names(
          await search({
            question: "electricity flour energy dough panels wind",
            metadataFilter: { logic, conditions },
            pageSize: 100,
          }),
        ),
      );
    expect(await filtered([{ name: "topic", op: "is", value: "energy" }])).toEqual(
      new Set(["solar.md", "wind.md"]),
    );
    expect(await filtered([{ name: "topic", op: "is not", value: "energy" }])).toEqual(
      new Set(["bread.md", "pasta.md"]),
    );
    expect(await filtered([{ name: "author", op: "contains", value: "hop" }])).toEqual(new Set(["wind.md"]));
    expect(await filtered([{ name: "author", op: "not contains", value: "ACE" }])).toEqual(
      new Set(["bread.md", "pasta.md"]),
    );
    expect(await filtered([{ name: "author", op: "starts with", value: "julia" }])).toEqual(
      new Set(["bread.md"]),
    );
    expect(await filtered([{ name: "author", op: "ends with", value: "lovelace" }])).toEqual(
      new Set(["solar.md"]),
    );
    expect(await filtered([{ name: "author", op: "empty" }])).toEqual(new Set(["pasta.md"]));
    expect(await filtered([{ name: "tags", op: "not empty" }])).toEqual(new Set(["solar.md", "wind.md"]));
    expect(await filtered([{ name: "tags", op: "contains", value: "POWER" }])).toEqual(new Set(["solar.md"]));
    expect(await filtered([{ name: "year", op: ">", value: 2021 }])).toEqual(
      new Set(["solar.md", "pasta.md"]),
    );
    expect(await filtered([{ name: "year", op: "<", value: "2021" }])).toEqual(new Set(["bread.md"]));
    expect(await filtered([{ name: "year", op: "≥", value: 2021 }])).toEqual(
      new Set(["solar.md", "wind.md", "pasta.md"]),
    );
    expect(await filtered([{ name: "year", op: "≤", value: 2021 }])).toEqual(
      new Set(["wind.md", "bread.md"]),
    );
    expect(
      await filtered([
        { name: "topic", op: "is", value: "cooking" },
        { name: "year", op: ">", value: 2020 },
      ]),
    ).toEqual(new Set(["pasta.md"]));
    expect(
      await filtered(
        [
          { name: "topic", op: "is", value: "cooking" },
          { name: "year", op: ">", value: 2022 },
        ],
        "or",
      ),
    ).toEqual(new Set(["bread.md", "pasta.md", "solar.md"]));
    expect(await filtered([{ name: "topic", op: "is", value: "nothing" }])).toEqual(new Set());
  });

  it("never returns disabled chunks or documents, and shows re-enabled ones again", async () => {
    const question = "wind turbines electricity";
    const windId = docIds["wind.md"];
    expect(names(await search({ question }))).toContain("wind.md");
    expect((await api("PATCH", `/documents/${windId}`, { enabled: false })).status).toBe(200);
    expect(names(await search({ question }))).not.toContain("wind.md");
    expect(names(await search({ question, vectorSimilarityWeight: 1 }))).not.toContain("wind.md");
    await api("PATCH", `/documents/${windId}`, { enabled: true });
    const back = await search({ question });
    expect(names(back)).toContain("wind.md");

    const chunkId = back.chunks.find((c: Json) => c.documentName === "wind.md").id;
    expect((await api("POST", "/chunks/available", { ids: [chunkId], available: false })).status).toBe(200);
    const hidden = await search({ question });
    expect(hidden.chunks.map((c: Json) => c.id)).not.toContain(chunkId);
    expect(names(await search({ question, vectorSimilarityWeight: 1 }))).not.toContain("wind.md");
    await api("POST", "/chunks/available", { ids: [chunkId], available: true });
    expect((await search({ question })).chunks.map((c: Json) => c.id)).toContain(chunkId);
  });

  it("sees a deleted document disappear at once", async () => {
    const extra = (await api("POST", "/knowledge-bases", { name: "Scratch" })).body.id;
    const form = new FormData();
    form.append("file", new Blob(["Zeppelins float on hydrogen."]), "zeppelin.txt");
    const up = await fetch(`${url}/api/v1/knowledge-bases/${extra}/documents`, {
      method: "POST",
      headers: auth,
      body: form,
    });
    const id = ((await up.json()) as Json).documents[0].id;
    await api("POST", "/documents/run", { ids: [id] });
    for (let i = 0; i < 300 && (await api("GET", `/documents/${id}`)).body.run !== "DONE"; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const query = { kbIds: [extra], question: "zeppelin", vectorSimilarityWeight: 0, similarityThreshold: 0 };
    expect((await api("POST", "/retrieval", query)).body.total).toBe(1);
    expect((await api("DELETE", `/documents/${id}`)).status).toBe(200);
    expect((await api("POST", "/retrieval", query)).body).toMatchObject({
      total: 0,
      chunks: [],
      docAggs: [],
    });
  });

  it("ranks by a rerank model's score when one is given, and says so per chunk", async () => {
    const fake: FakeLlm = await startFakeLlm({ apiKey: "sk-rerank", models: ["bge-reranker-v2"] });
    try {
      const provider = await api("POST", "/model-providers", {
        provider: "openai-compatible",
        name: "reranker",
        baseUrl: fake.url,
        apiKey: "sk-rerank",
        models: [{ name: "bge-reranker-v2", type: "rerank" }],
      });
      expect(provider.status, JSON.stringify(provider.body)).toBe(200);
      const question = "fresh pasta flour eggs";
      const result = await search({ question, rerankModel: "bge-reranker-v2@reranker" });
      const call = fake.requests.find((r) => r.path === "/v1/rerank");
      expect(call?.body).toMatchObject({ model: "bge-reranker-v2", query: question });
      expect(result.chunks.length).toBeGreaterThan(0);
      for (const c of result.chunks) {
        expect(c.similarity).toBe(c.rerankScore);
        // The legs are still shown, so the user sees what the reranker overruled.
        expect(c.termSimilarity).toBeGreaterThanOrEqual(0);
      }
      const scores = result.chunks.map((c: Json) => c.similarity);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      expect(names(result)[0]).toBe("pasta.md");

      const unknown = await api("POST", "/retrieval", {
        kbIds: [kbId],
        question,
        rerankModel: "nope@reranker",
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain("nope@reranker");
    } finally {
      await fake.close();
    }
  });

  it("expands the question with the workspace chat model's keywords when asked", async () => {
    const fake = await startFakeLlm({ reply: ["yeast", ", dough"], models: ["fake-chat"] });
    try {
      const provider = await api("POST", "/model-providers", {
        provider: "openai-compatible",
        name: "writer",
        baseUrl: fake.url,
        models: [{ name: "fake-chat", type: "chat" }],
      });
      expect(provider.status, JSON.stringify(provider.body)).toBe(200);
      const question = "Which recipe uses eggs?";
      expect(new Set(names(await search({ question, vectorSimilarityWeight: 0 })))).toEqual(
        new Set(["pasta.md"]),
      );
      // Without a chat model (the built-in answerer) there is nothing to expand with.
      expect(new Set(names(await search({ question, vectorSimilarityWeight: 0, keyword: true })))).toEqual(
        new Set(["pasta.md"]),
      );
      expect((await api("PATCH", "/tenants/current", { chatModel: "fake-chat@writer" })).status).toBe(200);
      const expanded = await search({ question, vectorSimilarityWeight: 0, keyword: true, explain: true });
      expect(fake.requests.some((r) => r.path === "/v1/chat/completions")).toBe(true);
      expect(new Set(names(expanded))).toEqual(new Set(["pasta.md", "bread.md"]));
      const bread = expanded.chunks.find((c: Json) => c.documentName === "bread.md");
      expect(bread.explanation.map((t: Json) => t.term)).toContain("yeast");
      await api("PATCH", "/tenants/current", { chatModel: null });
    } finally {
      await fake.close();
    }
  });

  it("refuses what it cannot do with a 4xx that names the problem", async () => {
    const fake = await startFakeLlm({ models: ["fake-embed"] });
    try {
      const provider = await api("POST", "/model-providers", {
        provider: "openai-compatible",
        name: "embedder",
        baseUrl: fake.url,
        models: [{ name: "fake-embed", type: "embedding" }],
      });
      expect(provider.status, JSON.stringify(provider.body)).toBe(200);
      const other = await api("POST", "/knowledge-bases", {
        name: "Other model",
        embeddingModel: "fake-embed@embedder",
      });
      expect(other.status, JSON.stringify(other.body)).toBe(200);
      const mixed = await api("POST", "/retrieval", { kbIds: [kbId, other.body.id], question: "wind" });
      expect(mixed.status).toBe(400);
      expect(mixed.body.message).toContain("different embedding models");
      expect(mixed.body.message).toContain("fake-embed@embedder");
    } finally {
      await fake.close();
    }
    const unknown = await api("POST", "/retrieval", { kbIds: ["0".repeat(32)], question: "wind" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/knowledge base/i);
    await api("PATCH", "/users/me", { language: "fr" });
    const fr = await api("POST", "/retrieval", { kbIds: ["0".repeat(32)], question: "wind" });
    await api("PATCH", "/users/me", { language: "en" });
    expect(fr.body.message).toMatch(/base de connaissances/i);
    const empty = await api("POST", "/retrieval", { kbIds: [kbId], question: "  " });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/question/);
    const noKb = await api("POST", "/retrieval", { kbIds: [], question: "wind" });
    expect(noKb.status).toBe(400);

    // Another workspace cannot search this knowledge base.
    const reg = await fetch(`${url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "stranger@example.com", password: "stranger-password" }),
    });
    const stranger = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
    expect((await api("POST", "/retrieval", { kbIds: [kbId], question: "wind" }, stranger)).status).toBe(404);
  });
});
