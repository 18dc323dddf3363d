import type { Database, DatabaseConnection } from "@ragtime/db";
import type { Embedder, parseDocument } from "@ragtime/rag";
import type { Redis } from "ioredis";
import type { Config } from "./config";
import type { BlobStorage } from "./ports/blob-storage";
import type { LockManager } from "./ports/locks";
import type { Logger } from "./ports/logger";
import type { Mailer } from "./ports/mailer";
import type { ProgressBus } from "./ports/progress-bus";
import type { RateLimiter } from "./ports/rate-limiter";
import type { TaskQueue } from "./ports/task-queue";

/** What every service-layer operation may use. Built once per process (see `createDeps`). */
export type Deps = {
  config: Config;
  database: Database;
  storage: BlobStorage;
  /** Ingestion tasks (BullMQ with Redis, in-process otherwise). */
  queue: TaskQueue;
  locks: LockManager;
  progress: ProgressBus;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  /** Present when REDIS_URL is configured (rate limits now; queue and locks next). */
  redis: Redis | undefined;
  logger: Logger;
  now: () => Date;
  /**
   * The document parser; rag's `parseDocument` unless replaced. Tests replace it to prove what
   * happens when parsing keeps failing (retries, then FAIL with the reason).
   */
  parse?: typeof parseDocument;
  /** The embedder of a model id (`name@provider`), or undefined when none is available here. */
  embedder?: (modelId: string) => Embedder | undefined;
};

/** Deps plus what the process owns and must release on shutdown. */
export type RuntimeDeps = Deps & {
  connection: DatabaseConnection;
  close(): Promise<void>;
};
