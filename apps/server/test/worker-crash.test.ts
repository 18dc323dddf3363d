import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createDeps,
  type RuntimeDeps,
  silentLogger,
  startIngestionWorkers,
  type TaskWorker,
  testConfig,
} from "@ragtime/core";
import { listDocumentTasks } from "@ragtime/db";
import { testBackends } from "@ragtime/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../src/app";

// biome-ignore lint/suspicious/noExplicitAny: test-only view of JSON bodies
type Json = any;

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const PDF = fileURLToPath(new URL("../../../../shared/data/sec-10q/2022-Q3-AAPL.pdf", import.meta.url));
const redisUrl = process.env.TEST_REDIS_URL;
const postgres = testBackends().find((b) => b.dialect === "postgres");
const isCi = process.env.CI === "true" || process.env.CI === "1";
if (isCi && (!redisUrl || !postgres))
  throw new Error("CI requires TEST_REDIS_URL and TEST_POSTGRES_URL for the worker crash test");

/**
 * A `ragtime worker` process is killed (SIGKILL) in the middle of a task. Its lease lapses, another
 * worker takes the task over, and the document still reaches DONE: nothing stays "parsing" forever.
 * Needs a server and workers that share a database and a queue: PostgreSQL + Redis.
 */
describe.skipIf(!redisUrl || !postgres)("a worker killed mid-task (PostgreSQL + Redis)", () => {
  let deps: RuntimeDeps;
  let app: FastifyInstance;
  let dataDir: string;
  let dbClose: () => Promise<void>;
  let env: NodeJS.ProcessEnv;
  let url: string;
  let auth: Record<string, string>;
  const children: ChildProcess[] = [];
  let rescuer: TaskWorker | undefined;

  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: body === undefined ? auth : { ...auth, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as Json;
  };

  beforeAll(async () => {
    if (!postgres || !redisUrl) return;
    const db = await postgres.open();
    dbClose = db.close;
    dataDir = await mkdtemp(path.join(tmpdir(), "ragtime-crash-"));
    // A lease short enough for a quick takeover, long enough for a 12-page task on a busy machine.
    const settings = {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      DATA_DIR: dataDir,
      TASK_LEASE_MS: 6000,
      SERVE_RUNS_WORKERS: false,
    };
    env = {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      DATA_DIR: dataDir,
      TASK_LEASE_MS: "6000",
      WORKER_CONCURRENCY: "1",
      LOG_LEVEL: "silent",
    };
    deps = await createDeps(testConfig(settings), { logger: silentLogger });
    app = await buildServer(deps);
    await app.listen({ host: "127.0.0.1", port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const reg = await fetch(`${url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "crash@example.com", password: "crash-password" }),
    });
    auth = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await rescuer?.close(1000);
    await app?.close();
    await deps?.close();
    await dbClose?.().catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("another worker takes the task over and the document reaches DONE", async () => {
    const kb = await api("POST", "/knowledge-bases", { name: "Crash" });
    const form = new FormData();
    form.append("file", new Blob([await readFile(PDF)]), "aapl.pdf");
    const up = await fetch(`${url}/api/v1/knowledge-bases/${kb.id}/documents`, {
      method: "POST",
      headers: auth,
      body: form,
    });
    const docId: string = ((await up.json()) as Json).documents[0].id;

    const worker = spawn(process.execPath, ["--import", "tsx", CLI, "worker"], { env, stdio: "ignore" });
    children.push(worker);
    await api("POST", "/documents/run", { ids: [docId] });

    // Kill the worker as soon as it is inside a task.
    const deadline = Date.now() + 60_000;
    let killedTask: string | undefined;
    for (;;) {
      const inside = (await listDocumentTasks(deps.database, docId)).find(
        (t) => t.progress > 0 && t.progress < 1,
      );
      killedTask = inside?.id;
      if (killedTask) break;
      if (Date.now() > deadline) throw new Error("the worker never started the task");
      await new Promise((r) => setTimeout(r, 20));
    }
    worker.kill("SIGKILL");
    await new Promise((r) => worker.once("exit", r));

    // A second worker (here, in this process) picks the task up once its lease has lapsed.
    rescuer = await startIngestionWorkers(deps, { concurrency: 1 });
    let doc: Json;
    for (;;) {
      doc = await api("GET", `/documents/${docId}`);
      if (doc.run === "DONE" || doc.run === "FAIL") break;
      if (Date.now() > deadline + 60_000) throw new Error(`document stuck ${doc.run} at ${doc.progress}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(doc.run, doc.progressMsg).toBe("DONE");
    expect(doc.chunkCount).toBeGreaterThan(0);
    expect(doc.progressMsg).toMatch(/retrying \(attempt 2\)/);
    const task = (await listDocumentTasks(deps.database, docId)).find((t) => t.id === killedTask);
    expect(task?.attempts).toBe(2);
  });
});
