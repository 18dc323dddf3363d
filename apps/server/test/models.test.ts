/**
 * Model providers per workspace (SPEC §2, §4): the catalogue, providers and models CRUD through
 * REST, keys encrypted at rest and only ever shown masked (in no answer, no log, not in the
 * database column), who may change what, tenant defaults, the embedding model of knowledge bases,
 * and the clients that `resolveChatModel` / `resolveRerankModel` / `resolveEmbedder` hand out,
 * talking to fake OpenAI, OpenAI-compatible, Ollama and Anthropic servers on loopback — bad keys,
 * 429s and timeouts included.
 */

import { isAppError, resolveChatModel, resolveEmbedder, resolveRerankModel } from "@ragtime/core";
import type { ModelProvider } from "@ragtime/core/schemas";
import { DEFAULT_FAKE_REPLY, type FakeLlm, startFakeLlm } from "@ragtime/core/testing";
import type { DatabaseConnection } from "@ragtime/db";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/app";
import { startTestServer, type TestServer, testBackends } from "../src/testing";
import { bearer, injectTrpc, type SignedIn, sharedConnection, signUp, tenantOf } from "./helpers";

const KEY = "sk-proj-TOPSECRET0123456789abcdefWXYZ";
const ANTHROPIC_KEY = "sk-ant-api03-SECRET9876543210zyxwvuTSRQ";
const WRONG_KEY = "sk-proj-WRONGKEY0123456789abcdef0000";

type Json = Record<string, unknown> & { id?: string; message?: string };

describe.each(testBackends())("model providers ($dialect)", (backend) => {
  let server: TestServer;
  let connection: DatabaseConnection;
  let openaiFake: FakeLlm;
  let anthropicFake: FakeLlm;
  let openFake: FakeLlm;
  let alice: SignedIn;
  let carol: SignedIn;
  let bob: SignedIn;
  let tenantA: string;
  const logLines: string[] = [];
  const bodies: string[] = [];

  const api = async (
    user: SignedIn,
    method: InjectOptions["method"],
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => {
    const res = await server.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...bearer(user.token), ...headers },
      ...(payload ? { payload } : {}),
    });
    bodies.push(res.body);
    return { status: res.statusCode, body: res.json() as Json };
  };
  const asCarol = (method: InjectOptions["method"], url: string, payload?: object) =>
    api(carol, method, url, payload, { "x-ragtime-tenant": tenantA });

  async function createProvider(payload: object): Promise<ModelProvider> {
    const res = await api(alice, "POST", "/model-providers", payload);
    if (res.status !== 200) throw new Error(`create provider: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as unknown as ModelProvider;
  }

  beforeAll(async () => {
    [openaiFake, anthropicFake, openFake] = await Promise.all([
      startFakeLlm({ apiKey: KEY, models: ["fake-chat", "fake-embed", "bge-reranker-v2"] }),
      startFakeLlm({ apiKey: ANTHROPIC_KEY }),
      startFakeLlm({ models: ["llama3.1:8b", "nomic-embed-text"] }),
    ]);
    connection = await backend.open();
    const logger = createLogger("trace", { write: (line: string) => void logLines.push(line) });
    server = await startTestServer(connection, {
      loggerInstance: logger,
      config: { MODEL_TIMEOUT_MS: 300, MODEL_MAX_RETRIES: 2 },
    });
    alice = await signUp(server.app, "alice@models.test");
    carol = await signUp(server.app, "carol@models.test");
    bob = await signUp(server.app, "bob@models.test");
    tenantA = await tenantOf(server.app, alice.token);
    expect((await api(alice, "POST", "/team/members", { email: carol.email })).status).toBe(200);
    expect((await api(carol, "POST", `/tenants/${tenantA}/accept`)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all([openaiFake?.close(), anthropicFake?.close(), openFake?.close()]);
  });

  it("lists the catalogue and the built-in models, which are the defaults of a fresh workspace", async () => {
    const catalogue = await api(carol, "GET", "/models/catalogue");
    expect(catalogue.status).toBe(200);
    const kinds = (
      catalogue.body as unknown as Array<{ kind: string; modelTypes: string[]; needsApiKey: string }>
    ).map((e) => [e.kind, e.modelTypes, e.needsApiKey]);
    expect(kinds).toEqual([
      ["builtin", ["chat", "embedding"], "none"],
      ["openai", ["chat", "embedding"], "required"],
      ["openai-compatible", ["chat", "embedding", "rerank"], "optional"],
      ["ollama", ["chat", "embedding"], "optional"],
      ["anthropic", ["chat"], "required"],
    ]);
    const models = await api(alice, "GET", "/models");
    expect(models.body).toEqual([
      expect.objectContaining({
        id: "universal-sentence-encoder-lite@builtin",
        type: "embedding",
        isDefault: true,
      }),
      expect.objectContaining({ id: "extractive@builtin", type: "chat", isDefault: true, providerId: null }),
    ]);
    // With nothing configured, answers come from the built-in extractive answerer.
    expect(await resolveChatModel(server.deps, { tenantId: tenantA })).toBeNull();
    const builtin = await resolveEmbedder(server.deps, { tenantId: tenantA });
    expect(builtin.id).toBe("universal-sentence-encoder-lite@builtin");
  });

  it("refuses incomplete or impossible providers with a 4xx naming the problem", async () => {
    const cases: Array<[object, number, string, string | undefined]> = [
      [{ provider: "openai", baseUrl: openaiFake.url }, 400, "OpenAI needs an API key", "apiKey"],
      [{ provider: "openai-compatible" }, 400, "needs a base URL", "baseUrl"],
      [
        { provider: "anthropic", apiKey: "sk-ant-x", models: [{ name: "e", type: "embedding" }] },
        400,
        "does not serve embedding",
        "type",
      ],
      [{ provider: "openai", name: "builtin", apiKey: "sk-x" }, 400, "reserved", "name"],
      [{ provider: "openai", apiKey: "sk-x", baseUrl: "ftp://example.com" }, 400, "baseUrl", "baseUrl"],
      [{ provider: "magic", apiKey: "sk-x" }, 400, "provider", "provider"],
    ];
    for (const [payload, status, message, field] of cases) {
      const res = await api(alice, "POST", "/model-providers", payload);
      expect(res.status, JSON.stringify(payload)).toBe(status);
      expect(res.body.message).toContain(message);
      expect((res.body.data as { field?: string }).field).toBe(field);
    }
    expect((await api(alice, "GET", "/model-providers")).body).toEqual([]);
  });

  let openai: ModelProvider;

  it("adds a provider with its models; the key comes back masked, everywhere", async () => {
    openai = await createProvider({
      provider: "openai",
      apiKey: KEY,
      baseUrl: openaiFake.url,
      models: [
        { name: "fake-chat", type: "chat", maxTokens: 16000 },
        { name: "fake-embed", type: "embedding" },
      ],
    });
    expect(openai).toMatchObject({
      provider: "openai",
      name: "openai",
      apiKey: "sk-proj-…WXYZ",
      baseUrl: openaiFake.url,
      models: [
        { name: "fake-chat", type: "chat", maxTokens: 16000, modelId: "fake-chat@openai" },
        { name: "fake-embed", type: "embedding", maxTokens: 8192, modelId: "fake-embed@openai" },
      ],
    });
    const again = await api(alice, "POST", "/model-providers", { provider: "openai", apiKey: KEY });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain("“openai” already exists");
    // Members read (masked), like everyone else.
    const listed = await asCarol("GET", "/model-providers");
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([openai]);
    expect((await asCarol("GET", `/model-providers/${openai.id}`)).body).toEqual(openai);
    const chat = await api(alice, "GET", "/models?type=chat");
    expect((chat.body as unknown as Array<{ id: string }>).map((m) => m.id)).toEqual([
      "extractive@builtin",
      "fake-chat@openai",
    ]);
  });

  it("never lets a stored key follow its provider to another server", async () => {
    const elsewhere = await api(alice, "PATCH", `/model-providers/${openai.id}`, {
      baseUrl: "https://attacker.example.com/v1",
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.message).toContain("enter the API key again");
    expect((await api(alice, "GET", `/model-providers/${openai.id}`)).body).toEqual(openai);
    // The same server (another path) keeps the key; a new server with its key is fine.
    const samePath = await api(alice, "PATCH", `/model-providers/${openai.id}`, {
      baseUrl: `${openaiFake.url}/`,
    });
    expect(samePath.status).toBe(200);
    const back = await api(alice, "PATCH", `/model-providers/${openai.id}`, { baseUrl: openaiFake.url });
    expect(back.status).toBe(200);
    expect(back.body).toEqual({ ...openai, updatedAt: back.body.updatedAt });
    openai = back.body as typeof openai;
  });

  it("stores the key encrypted: the column holds no trace of it, and it decrypts after a restart", async () => {
    const { db, t } = server.deps.database;
    const [row] = await db.select().from(t.modelProviders);
    expect(row?.apiKeyEncrypted).toMatch(/^v1\./);
    expect(row?.apiKeyEncrypted).not.toContain(KEY);
    expect(row?.apiKeyEncrypted).not.toContain(KEY.slice(8, 20));
    expect(row?.apiKeyEncrypted).not.toContain(Buffer.from(KEY).toString("base64").slice(0, 16));

    // Another process (same database, same SECRET_KEY) uses the key: the fake checks it.
    const restarted = await startTestServer(sharedConnection(connection));
    try {
      const tested = await restarted.app.inject({
        method: "POST",
        url: `/api/v1/model-providers/${openai.id}/test`,
        headers: bearer(alice.token),
      });
      expect(tested.statusCode, tested.body).toBe(200);
      expect(tested.json()).toMatchObject({ ok: true, checked: "chat fake-chat@openai" });
    } finally {
      await restarted.close();
    }
    // With another SECRET_KEY the key is unreadable: said so, naming the provider, never a 500.
    const rekeyed = await startTestServer(sharedConnection(connection), {
      config: { SECRET_KEY: "a-completely-different-server-secret-key!" },
    });
    try {
      const tested = await rekeyed.app.inject({
        method: "POST",
        url: `/api/v1/model-providers/${openai.id}/test`,
        headers: bearer(alice.token),
      });
      expect(tested.statusCode).toBe(409);
      expect(tested.json().message).toContain("“openai” cannot be decrypted");
      const listed = await rekeyed.app.inject({
        method: "GET",
        url: "/api/v1/model-providers",
        headers: bearer(alice.token),
      });
      expect(listed.json()[0].apiKey).toBe("…?");
    } finally {
      await rekeyed.close();
    }
  });

  it("only owners and admins change providers; other workspaces see nothing", async () => {
    const attempts: Array<[InjectOptions["method"], string, object | undefined]> = [
      ["POST", "/model-providers", { provider: "ollama", baseUrl: openFake.origin }],
      ["PATCH", `/model-providers/${openai.id}`, { apiKey: WRONG_KEY }],
      ["DELETE", `/model-providers/${openai.id}`, undefined],
      ["POST", `/model-providers/${openai.id}/models`, { name: "x", type: "chat" }],
      ["DELETE", `/model-providers/${openai.id}/models/${openai.models[0]?.id}`, undefined],
      ["PATCH", `/model-providers/${openai.id}/models/${openai.models[0]?.id}`, { maxTokens: 100 }],
      ["PATCH", "/tenants/current", { chatModel: "fake-chat@openai" }],
    ];
    for (const [method, url, payload] of attempts) {
      const res = await asCarol(method, url, payload);
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.body.message).toContain("owner or an admin");
    }
    expect((await api(bob, "GET", `/model-providers/${openai.id}`)).status).toBe(404);
    expect((await api(bob, "DELETE", `/model-providers/${openai.id}`)).status).toBe(404);
    expect((await api(bob, "POST", `/model-providers/${openai.id}/test`)).status).toBe(404);
    expect((await api(bob, "GET", "/model-providers")).body).toEqual([]);
    await expect(
      resolveChatModel(server.deps, {
        tenantId: await tenantOf(server.app, bob.token),
        modelId: "fake-chat@openai",
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("fake-chat@openai") });
    expect((await api(alice, "GET", `/model-providers/${openai.id}`)).body).toEqual(openai);
  });

  it("streams from every provider kind through the resolved chat model", async () => {
    const compatible = await createProvider({
      provider: "openai-compatible",
      name: "vllm",
      baseUrl: openaiFake.url,
      apiKey: KEY,
      models: [
        { name: "fake-chat", type: "chat" },
        { name: "bge-reranker-v2", type: "rerank" },
        { name: "fake-embed", type: "embedding" },
      ],
    });
    const ollama = await createProvider({
      provider: "ollama",
      // The OpenAI-compatible path of Ollama pasted by mistake: the native API is used anyway.
      baseUrl: `${openFake.origin}/v1`,
      models: [
        { name: "llama3.1:8b", type: "chat", maxTokens: 32768 },
        { name: "nomic-embed-text", type: "embedding" },
      ],
    });
    const anthropic = await createProvider({
      provider: "anthropic",
      apiKey: ANTHROPIC_KEY,
      baseUrl: anthropicFake.url,
      models: [{ name: "claude-fake", type: "chat", maxTokens: 200000 }],
    });
    expect([compatible.name, ollama.name, anthropic.name]).toEqual(["vllm", "ollama", "anthropic"]);
    for (const modelId of [
      "fake-chat@openai",
      "fake-chat@vllm",
      "llama3.1:8b@ollama",
      "claude-fake@anthropic",
    ]) {
      const model = await resolveChatModel(server.deps, { tenantId: tenantA, modelId });
      expect(model?.id).toBe(modelId);
      const deltas: string[] = [];
      for await (const delta of model?.stream({
        messages: [
          { role: "system", content: "Answer from the passages." },
          { role: "user", content: "What is in the passages?" },
        ],
      }) ?? []) {
        deltas.push(delta);
      }
      expect(deltas, modelId).toEqual(DEFAULT_FAKE_REPLY);
    }
    expect(
      (await resolveChatModel(server.deps, { tenantId: tenantA, modelId: "claude-fake@anthropic" }))
        ?.contextTokens,
    ).toBe(200000);
    const ollamaCall = openFake.requests.find((r) => r.path === "/api/chat");
    expect(ollamaCall?.body).toMatchObject({
      model: "llama3.1:8b",
      stream: true,
      options: { num_ctx: 32768 },
    });

    const reranker = await resolveRerankModel(server.deps, {
      tenantId: tenantA,
      modelId: "bge-reranker-v2@vllm",
    });
    const scores = await reranker.rerank("net sales", ["net sales rose", "weather"]);
    expect(scores[0]).toBeGreaterThan(scores[1] ?? 1);

    for (const modelId of ["fake-embed@vllm", "nomic-embed-text@ollama", "fake-embed@openai"]) {
      const embedder = await resolveEmbedder(server.deps, { tenantId: tenantA, modelId });
      expect(embedder.id).toBe(modelId);
      const [vector] = await embedder.embed(["hello"]);
      expect(vector?.length).toBe(8);
    }
  });

  it("names unknown and wrongly typed models in a 400", async () => {
    const unknown = await resolveChatModel(server.deps, { tenantId: tenantA, modelId: "gpt-9@openai" }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(unknown) && [unknown.status, unknown.message]).toEqual([
      400,
      "Unknown model “gpt-9@openai”: add it to a model provider of this workspace first.",
    ]);
    const wrong = await resolveRerankModel(server.deps, {
      tenantId: tenantA,
      modelId: "fake-chat@openai",
    }).catch((e: unknown) => e);
    expect(isAppError(wrong) && wrong.message).toBe("“fake-chat@openai” is not a rerank model.");
    const none = await resolveRerankModel(server.deps, { tenantId: tenantA }).catch((e: unknown) => e);
    expect(isAppError(none) && none.message).toBe("No rerank model is configured for this workspace.");
  });

  it("sets defaults only to existing models of the right type, and resolves them", async () => {
    const refused: Array<[object, string, string]> = [
      [{ chatModel: "fake-embed@openai" }, "chatModel", "“fake-embed@openai” is not a chat model."],
      [{ embeddingModel: "nope@nowhere" }, "embeddingModel", "Unknown model “nope@nowhere”"],
      [{ rerankModel: "extractive@builtin" }, "rerankModel", "Unknown model “extractive@builtin”"],
    ];
    for (const [payload, field, message] of refused) {
      const res = await api(alice, "PATCH", "/tenants/current", payload);
      expect(res.status).toBe(400);
      expect((res.body.data as { field?: string }).field).toBe(field);
      expect(res.body.message).toContain(message);
    }
    const set = await api(alice, "PATCH", "/tenants/current", {
      chatModel: "claude-fake@anthropic",
      embeddingModel: "fake-embed@vllm",
      rerankModel: "bge-reranker-v2@vllm",
    });
    expect(set.status).toBe(200);
    expect((await resolveChatModel(server.deps, { tenantId: tenantA }))?.id).toBe("claude-fake@anthropic");
    expect((await resolveRerankModel(server.deps, { tenantId: tenantA })).id).toBe("bge-reranker-v2@vllm");
    expect((await resolveEmbedder(server.deps, { tenantId: tenantA })).id).toBe("fake-embed@vllm");
    const defaults = (await api(alice, "GET", "/models")).body as unknown as Array<{
      id: string;
      isDefault: boolean;
    }>;
    expect(
      defaults
        .filter((m) => m.isDefault)
        .map((m) => m.id)
        .sort(),
    ).toEqual(["bge-reranker-v2@vllm", "claude-fake@anthropic", "fake-embed@vllm"]);
    // The built-in answerer is a chat option like any other.
    expect((await api(alice, "PATCH", "/tenants/current", { chatModel: "extractive@builtin" })).status).toBe(
      200,
    );
    expect(await resolveChatModel(server.deps, { tenantId: tenantA })).toBeNull();
  });

  it("knowledge bases take only an embedding model the workspace has, which then cannot go away", async () => {
    const bad = await api(alice, "POST", "/knowledge-bases", {
      name: "Bad model",
      embeddingModel: "nope@nowhere",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("nope@nowhere");
    expect((bad.body.data as { field?: string }).field).toBe("embeddingModel");
    const typed = await api(alice, "POST", "/knowledge-bases", {
      name: "Bad model",
      embeddingModel: "fake-chat@openai",
    });
    expect(typed.status).toBe(400);
    const kb = await api(alice, "POST", "/knowledge-bases", {
      name: "Remote vectors",
      embeddingModel: "fake-embed@openai",
    });
    expect(kb.status).toBe(200);
    // The workspace default (fake-embed@vllm) applies when none is given.
    const byDefault = await api(alice, "POST", "/knowledge-bases", { name: "Default vectors" });
    expect(byDefault.body.embeddingModel).toBe("fake-embed@vllm");
    const patched = await api(alice, "PATCH", `/knowledge-bases/${kb.body.id}`, {
      embeddingModel: "gone@openai",
    });
    expect(patched.status).toBe(400);

    const embedModel = openai.models.find((m) => m.type === "embedding");
    const removeModel = await api(alice, "DELETE", `/model-providers/${openai.id}/models/${embedModel?.id}`);
    expect(removeModel.status).toBe(409);
    expect(removeModel.body.message).toContain("“Remote vectors”");
    const removeProvider = await api(alice, "DELETE", `/model-providers/${openai.id}`);
    expect(removeProvider.status).toBe(409);
    const rename = await api(alice, "PATCH", `/model-providers/${openai.id}`, { name: "renamed" });
    expect(rename.status).toBe(409);
    for (const id of [kb.body.id, byDefault.body.id]) {
      expect((await api(alice, "DELETE", `/knowledge-bases/${id}`)).status).toBe(200);
    }
  });

  it("a wrong key is a 400 naming the provider; the key never shows", async () => {
    const patched = await api(alice, "PATCH", `/model-providers/${openai.id}`, { apiKey: WRONG_KEY });
    expect(patched.status).toBe(200);
    expect(patched.body.apiKey).toBe("sk-proj-…0000");
    const tested = await api(alice, "POST", `/model-providers/${openai.id}/test`);
    expect(tested.status).toBe(400);
    expect(tested.body.message).toBe(
      `OpenAI at ${new URL(openaiFake.url).host} refused the API key (HTTP 401 — Incorrect API key provided). Check the key in the workspace's model settings.`,
    );
    await api(alice, "PATCH", "/users/me", { language: "fr" });
    const french = await api(alice, "POST", `/model-providers/${openai.id}/test`);
    await api(alice, "PATCH", "/users/me", { language: "en" });
    expect(french.body.message).toContain("a refusé la clé d'API");
    // The same through the chat model the pipeline would use.
    const model = await resolveChatModel(server.deps, { tenantId: tenantA, modelId: "fake-chat@openai" });
    await expect(model?.complete({ messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("refused the API key"),
    });
    const anthropic = (await api(alice, "GET", "/model-providers")).body as unknown as ModelProvider[];
    const claude = anthropic.find((p) => p.provider === "anthropic");
    await api(alice, "PATCH", `/model-providers/${claude?.id}`, { apiKey: WRONG_KEY });
    const claudeTest = await api(alice, "POST", `/model-providers/${claude?.id}/test`);
    expect(claudeTest.status).toBe(400);
    expect(claudeTest.body.message).toContain("Anthropic at");
    expect(claudeTest.body.message).toContain("invalid x-api-key");
    await api(alice, "PATCH", `/model-providers/${claude?.id}`, { apiKey: ANTHROPIC_KEY });
    expect((await api(alice, "PATCH", `/model-providers/${openai.id}`, { apiKey: KEY })).status).toBe(200);
    // A required key cannot be removed.
    const removed = await api(alice, "PATCH", `/model-providers/${openai.id}`, { apiKey: null });
    expect(removed.status).toBe(400);
  });

  it("retries 429s and timeouts, then reports them as a 502 naming the provider", async () => {
    openaiFake.requests.length = 0;
    openaiFake.failNext(429, 1, { retryAfterMs: 20 });
    const recovered = await api(alice, "POST", `/model-providers/${openai.id}/test`);
    expect(recovered.status, JSON.stringify(recovered.body)).toBe(200);
    expect(openaiFake.requests).toHaveLength(2);

    // The chat path retries MODEL_MAX_RETRIES (2) times, then reports.
    const model = await resolveChatModel(server.deps, { tenantId: tenantA, modelId: "fake-chat@openai" });
    openaiFake.failNext(429, 3, { retryAfterMs: 10 });
    await expect(model?.complete({ messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({
      status: 502,
      code: "BAD_GATEWAY",
      message: `OpenAI at ${new URL(openaiFake.url).host} failed: HTTP 429 — fake provider error 429 after 3 attempts`,
    });
    // The same over tRPC's own wire format: a 502 with the error's code.
    openaiFake.failNext(503, 2);
    const trpc = await injectTrpc(server.app, "models.testProvider", {
      headers: bearer(alice.token),
      input: { id: openai.id },
    });
    expect(trpc.statusCode).toBe(502);
    expect(trpc.json()).toMatchObject({
      error: { message: expect.stringContaining("HTTP 503"), data: { code: "BAD_GATEWAY", httpStatus: 502 } },
    });
    openaiFake.delayNext(1500, 2);
    const slow = await api(alice, "POST", `/model-providers/${openai.id}/test`);
    expect(slow.status).toBe(502);
    expect(slow.body.code).toBe("BAD_GATEWAY");
    expect(slow.body.message).toContain("OpenAI at");
    expect(slow.body.message).toContain("no answer within 300 ms after 2 attempts");
    openaiFake.delayNext(1500, 1);
    const deltas: string[] = [];
    for await (const delta of model?.stream({ messages: [{ role: "user", content: "hi" }] }) ?? [])
      deltas.push(delta);
    expect(deltas).toEqual(DEFAULT_FAKE_REPLY);
  });

  it("discovers what a provider serves, with a guessed type", async () => {
    const providers = (await api(alice, "GET", "/model-providers")).body as unknown as ModelProvider[];
    const vllm = providers.find((p) => p.name === "vllm");
    const ollama = providers.find((p) => p.name === "ollama");
    expect((await asCarol("GET", `/model-providers/${vllm?.id}/discover`)).body).toEqual([
      { name: "bge-reranker-v2", type: "rerank", isAdded: true },
      { name: "fake-chat", type: "chat", isAdded: true },
      { name: "fake-embed", type: "embedding", isAdded: true },
    ]);
    expect((await api(alice, "GET", `/model-providers/${ollama?.id}/discover`)).body).toEqual([
      { name: "llama3.1:8b", type: "chat", isAdded: true },
      { name: "nomic-embed-text", type: "embedding", isAdded: true },
    ]);
  });

  it("adds and removes models; removing a provider clears the defaults that named it", async () => {
    const added = await api(alice, "POST", `/model-providers/${openai.id}/models`, {
      name: "gpt-4o-mini",
      type: "chat",
    });
    expect(added.status).toBe(200);
    const twice = await api(alice, "POST", `/model-providers/${openai.id}/models`, {
      name: "gpt-4o-mini",
      type: "chat",
    });
    expect(twice.status).toBe(409);
    const rerank = await api(alice, "POST", `/model-providers/${openai.id}/models`, {
      name: "r",
      type: "rerank",
    });
    expect(rerank.status).toBe(400);
    expect(rerank.body.message).toBe("OpenAI does not serve rerank models here.");
    const gpt = (added.body as unknown as ModelProvider).models.find((m) => m.name === "gpt-4o-mini");
    const resized = await api(alice, "PATCH", `/model-providers/${openai.id}/models/${gpt?.id}`, {
      maxTokens: 128000,
    });
    expect((resized.body as unknown as ModelProvider).models.find((m) => m.id === gpt?.id)?.maxTokens).toBe(
      128000,
    );
    expect(
      (await resolveChatModel(server.deps, { tenantId: tenantA, modelId: "gpt-4o-mini@openai" }))
        ?.contextTokens,
    ).toBe(128000);
    const removed = await api(alice, "DELETE", `/model-providers/${openai.id}/models/${gpt?.id}`);
    expect((removed.body as unknown as ModelProvider).models.map((m) => m.name)).toEqual([
      "fake-chat",
      "fake-embed",
    ]);

    const providers = (await api(alice, "GET", "/model-providers")).body as unknown as ModelProvider[];
    const vllm = providers.find((p) => p.name === "vllm");
    expect((await api(alice, "PATCH", "/tenants/current", { chatModel: "fake-chat@vllm" })).status).toBe(200);
    // A rename carries the defaults along.
    expect((await api(alice, "PATCH", `/model-providers/${vllm?.id}`, { name: "gpu-box" })).status).toBe(200);
    expect((await api(alice, "GET", "/tenants/current")).body).toMatchObject({
      chatModel: "fake-chat@gpu-box",
      embeddingModel: "fake-embed@gpu-box",
      rerankModel: "bge-reranker-v2@gpu-box",
    });
    expect((await api(alice, "DELETE", `/model-providers/${vllm?.id}`)).status).toBe(200);
    expect((await api(alice, "GET", "/tenants/current")).body).toMatchObject({
      chatModel: null,
      embeddingModel: null,
      rerankModel: null,
    });
    expect(await resolveChatModel(server.deps, { tenantId: tenantA })).toBeNull();
    expect((await api(alice, "GET", `/model-providers/${vllm?.id}`)).status).toBe(404);
  });

  it("no answer and no log line ever carried a key in clear", () => {
    expect(bodies.length).toBeGreaterThan(50);
    for (const secret of [KEY, ANTHROPIC_KEY, WRONG_KEY]) {
      for (const body of bodies) expect(body).not.toContain(secret);
      expect(logLines.join("\n")).not.toContain(secret);
    }
    expect(logLines.length).toBeGreaterThan(50);
  });
});
