import { createAdmin, translate } from "@ragtime/core";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestServer, type TestServer } from "../src/testing";
import { bearer, errorOf, ok, signIn, signUp } from "./helpers";
import { queueMatrix } from "./queue-matrix";

const ZStatus = z.object({
  database: z.object({
    dialect: z.string(),
    label: z.string(),
    isReachable: z.boolean(),
    latencyMs: z.number().nullable(),
    vectorMode: z.string().nullable(),
    vectorModeReason: z.string().nullable(),
  }),
  redis: z.object({ isConfigured: z.boolean(), isReachable: z.boolean().nullable() }),
  queue: z.object({
    kind: z.string(),
    isReachable: z.boolean(),
    waiting: z.number().nullable(),
    active: z.number().nullable(),
  }),
  workers: z.object({ mode: z.string(), concurrency: z.number() }),
});

/** How each backend searches vectors here: PGlite ships pgvector; this PostgreSQL 15 and MariaDB do not. */
const EXPECTED_VECTOR_MODE = { pglite: "pgvector", postgres: "exact-scan", mysql: "exact-scan" } as const;

describe.each(queueMatrix())("system.status ($dialect, $queue queue)", ({ backend, dialect, redisUrl }) => {
  let server: TestServer;
  let adminToken: string;
  let ownerToken: string;

  const status = async (token = adminToken) =>
    ZStatus.parse(
      await ok(server.app, { method: "GET", url: "/api/v1/system/status", headers: bearer(token) }),
    );

  beforeAll(async () => {
    // No workers: tasks stay on the queue, so its depth is what was queued.
    server = await startTestServer(await backend.open(), redisUrl ? { redisUrl } : {});
    await createAdmin(server.deps, { email: "operator@example.com", password: "operator password" });
    adminToken = await signIn(server.app, "operator@example.com", "operator password");
    ownerToken = (await signUp(server.app, "owner@example.com")).token;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("tells a superuser which database, vector mode, Redis and queue this instance runs on", async () => {
    const body = await status();
    expect(body.database).toMatchObject({
      dialect,
      isReachable: true,
      vectorMode: EXPECTED_VECTOR_MODE[dialect],
    });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    // The exact scan says why; the label locates the database without its password.
    if (body.database.vectorMode === "exact-scan") expect(body.database.vectorModeReason).toBeTruthy();
    else expect(body.database.vectorModeReason).toBeNull();
    expect(body.database.label).not.toMatch(/password|:[^/@]*@/);
    expect(body.redis).toEqual(
      redisUrl ? { isConfigured: true, isReachable: true } : { isConfigured: false, isReachable: null },
    );
    expect(body.queue).toMatchObject({ kind: redisUrl ? "redis" : "memory", isReachable: true, active: 0 });
    expect(body.workers.mode).toBe("in-process");
  });

  it("counts the tasks waiting on the queue", async () => {
    const before = (await status()).queue.waiting ?? 0;
    const kb = z.object({ id: z.string() }).parse(
      await ok(server.app, {
        method: "POST",
        url: "/api/v1/knowledge-bases",
        headers: bearer(adminToken),
        payload: { name: "Queued" },
      }),
    );
    const form = new FormData();
    form.append("file", new Blob(["One paragraph to parse."]), "a.txt");
    form.append("file", new Blob(["Another paragraph to parse."]), "b.txt");
    const encoded = new Request("http://localhost/", { method: "POST", body: form });
    const uploaded = z.object({ documents: z.array(z.object({ id: z.string() })) }).parse(
      await ok(server.app, {
        method: "POST",
        url: `/api/v1/knowledge-bases/${kb.id}/documents`,
        headers: { ...bearer(adminToken), "content-type": encoded.headers.get("content-type") ?? "" },
        payload: Buffer.from(await encoded.arrayBuffer()),
      }),
    );
    await ok(server.app, {
      method: "POST",
      url: "/api/v1/documents/run",
      headers: bearer(adminToken),
      payload: { ids: uploaded.documents.map((d) => d.id) },
    });
    expect((await status()).queue.waiting).toBe(before + 2);
  });

  it("is refused to workspace owners who are not superusers, and to anonymous callers", async () => {
    const owner = await server.app.inject({
      method: "GET",
      url: "/api/v1/system/status",
      headers: bearer(ownerToken),
    });
    expect(owner.statusCode).toBe(403);
    expect(errorOf(owner).data?.code).toBe("FORBIDDEN");
    expect(errorOf(owner).message).toBe(translate("error.forbidden", "en"));
    expect(owner.body).not.toMatch(/pglite|postgres|mysql|vector/i);
    const anonymous = await server.app.inject({ method: "GET", url: "/api/v1/system/status" });
    expect(anonymous.statusCode).toBe(401);
  });

  it.runIf(!redisUrl)("answers promptly with Redis unreachable, and says so", async () => {
    // A client to a port nothing listens on: what a process sees when its Redis goes down.
    const dead = new Redis({
      port: 1,
      host: "127.0.0.1",
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    dead.on("error", () => {});
    server.deps.redis = dead;
    try {
      const started = Date.now();
      const body = await status();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(body.redis).toEqual({ isConfigured: true, isReachable: false });
      expect(body.database.isReachable).toBe(true);
    } finally {
      server.deps.redis = undefined;
      dead.disconnect();
    }
  });
});
