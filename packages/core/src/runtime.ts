import path from "node:path";
import { openDatabase } from "@ragtime/db";
import {
  BUILTIN_EMBEDDER_ID,
  type BuiltinEmbedder,
  createBuiltinEmbedder,
  type Embedder,
} from "@ragtime/rag";
import { Redis } from "ioredis";
import type { Config } from "./config";
import type { RuntimeDeps } from "./deps";
import { createMemoryLockManager, createRedisLockManager } from "./locks/index";
import type { Logger } from "./ports/logger";
import { createLogMailer, type Mailer } from "./ports/mailer";
import { createMemoryProgressBus, createRedisProgressBus } from "./ports/progress-bus";
import { createMemoryRateLimiter, createRedisRateLimiter } from "./ports/rate-limiter";
import { createMemoryQueue } from "./queue/index";
import { createBlobStorage } from "./storage/index";

export type CreateDepsOptions = {
  logger: Logger;
  mailer?: Mailer;
  /** Skip migrations (the `serve` command of a fleet where `ragtime migrate` runs once). */
  skipMigrations?: boolean;
};

/** Opens what the configuration names (database, Redis) and migrates the database. */
export async function createDeps(config: Config, options: CreateDepsOptions): Promise<RuntimeDeps> {
  const { logger } = options;
  const connection = await openDatabase({ url: config.DATABASE_URL, dataDir: path.resolve(config.DATA_DIR) });
  try {
    if (!options.skipMigrations) await connection.migrate();
  } catch (error) {
    await connection.close();
    throw error;
  }
  let redis: Redis | undefined;
  if (config.REDIS_URL) {
    redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 3 });
    try {
      await redis.connect();
    } catch (error) {
      await connection.close();
      redis.disconnect();
      throw new Error(`REDIS_URL is set but Redis cannot be reached: ${(error as Error).message}`);
    }
  }
  // BullMQ opens its own connections (they need maxRetriesPerRequest: null), from the same URL.
  const queueOptions = { logger, leaseMs: config.TASK_LEASE_MS };
  const queue =
    redis && config.REDIS_URL
      ? (await import("./queue/redis-queue")).createRedisQueue(config.REDIS_URL, queueOptions)
      : createMemoryQueue(queueOptions);
  const progress = redis ? createRedisProgressBus(redis) : createMemoryProgressBus();
  const embedders = createEmbedderRegistry(config);
  return {
    config,
    embedder: embedders.get,
    queue,
    progress,
    locks: redis ? createRedisLockManager(redis) : createMemoryLockManager(),
    database: connection,
    connection,
    storage: createBlobStorage(config.STORAGE_URL, config.DATA_DIR, {
      s3: {
        endpoint: config.S3_ENDPOINT,
        region: config.S3_REGION,
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
      },
    }),
    logger,
    now: () => new Date(),
    rateLimiter: redis ? createRedisRateLimiter(redis) : createMemoryRateLimiter(),
    mailer: options.mailer ?? createLogMailer(logger, config.NODE_ENV === "production"),
    redis,
    close: async () => {
      await queue.close();
      await embedders.close();
      await progress.close();
      redis?.disconnect();
      await connection.close();
    },
  };
}

/**
 * The embedders this process can run, by model id. The built-in encoder starts its worker threads
 * on first use, and only then. (Configured remote providers join with the model-provider settings.)
 */
export function createEmbedderRegistry(config: Config): {
  get: (modelId: string) => Embedder | undefined;
  close(): Promise<void>;
} {
  let builtin: BuiltinEmbedder | undefined;
  return {
    get: (modelId) => {
      if (modelId !== BUILTIN_EMBEDDER_ID) return undefined;
      builtin ??= createBuiltinEmbedder({
        ...(config.EMBEDDING_THREADS ? { threads: config.EMBEDDING_THREADS } : {}),
        niceness: config.EMBEDDING_NICENESS,
      });
      return builtin;
    },
    close: async () => {
      await builtin?.close();
    },
  };
}
