/**
 * Test harness: a real server on a real database (PGlite, PostgreSQL or MariaDB from
 * `@ragtime/db/testing`), with an in-memory mailer so tests can read e-mailed links.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type Config,
  createEmbedderRegistry,
  createLocalStorage,
  createMemoryLockManager,
  createMemoryMailer,
  createMemoryProgressBus,
  createMemoryQueue,
  createMemoryRateLimiter,
  createRedisLockManager,
  createRedisProgressBus,
  type Deps,
  type Mail,
  type QueueOptions,
  silentLogger,
  startIngestionWorkers,
  testConfig,
} from "@ragtime/core";
import { createRedisQueue } from "@ragtime/core/redis-queue";
import type { DatabaseConnection } from "@ragtime/db";
import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import { type BuildServerOptions, buildServer } from "./app";
import { appRouter } from "./routers/router";
import { createCallerFactory } from "./trpc";

export type TestServer = {
  app: FastifyInstance;
  deps: Deps;
  mails: Mail[];
  /** Base URL once `listen()` has been called. */
  listen(): Promise<string>;
  close(): Promise<void>;
};

export async function startTestServer(
  connection: DatabaseConnection,
  options: {
    config?: Partial<Config>;
    /** Run ingestion workers in-process. */
    workers?: boolean;
    /** Replace the document parser (failure tests). */
    parse?: Deps["parse"];
    /** Queue settings (short backoff in failure tests). */
    queue?: Partial<QueueOptions>;
    /** Queue, locks and progress events on this Redis (BullMQ), with keys of this test's own. */
    redisUrl?: string;
  } & BuildServerOptions = {},
): Promise<TestServer> {
  const mailer = createMemoryMailer();
  const filesDir = await mkdtemp(path.join(tmpdir(), "ragtime-files-"));
  const config = testConfig(options.config);
  const embedders = createEmbedderRegistry(config);
  const redis = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: 3 }) : undefined;
  const keyPrefix = `ragtime-test-${randomBytes(4).toString("hex")}`;
  const deps: Deps = {
    config,
    embedder: embedders.get,
    database: connection,
    storage: createLocalStorage(filesDir),
    queue:
      redis && options.redisUrl
        ? createRedisQueue(options.redisUrl, { ...options.queue, prefix: keyPrefix })
        : createMemoryQueue(options.queue),
    locks: redis
      ? createRedisLockManager(redis, { prefix: `${keyPrefix}:lock:` })
      : createMemoryLockManager(),
    progress: redis ? createRedisProgressBus(redis) : createMemoryProgressBus(),
    rateLimiter: createMemoryRateLimiter(),
    mailer,
    logger: silentLogger,
    redis: undefined,
    now: () => new Date(),
    ...(options.parse ? { parse: options.parse } : {}),
  };
  const app = await buildServer(deps, options);
  const workers = options.workers ? await startIngestionWorkers(deps, { concurrency: 2 }) : undefined;
  return {
    app,
    deps,
    mails: mailer.sent,
    listen: async () => {
      await app.listen({ host: "127.0.0.1", port: 0 });
      const address = app.server.address();
      if (!address || typeof address === "string") throw new Error("server has no TCP address");
      return `http://127.0.0.1:${address.port}`;
    },
    /** Stops the server and closes (and for PostgreSQL/MariaDB, drops) its test database. */
    close: async () => {
      await app.close();
      await workers?.close(1000);
      await deps.queue.close();
      await deps.progress.close();
      if (redis) {
        const keys = await redis.keys(`${keyPrefix}*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      }
      await embedders.close();
      await connection.close();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}

export const createCaller = createCallerFactory(appRouter);
export { testBackends } from "@ragtime/db/testing";
