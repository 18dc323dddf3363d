import type { Database, DatabaseConnection } from "@ragtime/db";
import type { Redis } from "ioredis";
import type { Config } from "./config";
import type { BlobStorage } from "./ports/blob-storage";
import type { Logger } from "./ports/logger";
import type { Mailer } from "./ports/mailer";
import type { RateLimiter } from "./ports/rate-limiter";

/** What every service-layer operation may use. Built once per process (see `createDeps`). */
export type Deps = {
  config: Config;
  database: Database;
  storage: BlobStorage;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  /** Present when REDIS_URL is configured (rate limits now; queue and locks next). */
  redis: Redis | undefined;
  logger: Logger;
  now: () => Date;
};

/** Deps plus what the process owns and must release on shutdown. */
export type RuntimeDeps = Deps & {
  connection: DatabaseConnection;
  close(): Promise<void>;
};
