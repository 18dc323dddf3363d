import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** Every setting Ragtime reads from the environment. This module is the only reader of `process.env`. */
export const ZConfig = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("localhost"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(9380),
  /** Where the embedded database and local files live. */
  DATA_DIR: z.string().default("./data"),
  /** postgres://… or mysql://…; empty means the embedded PGlite under DATA_DIR. */
  DATABASE_URL: optionalString,
  /** redis://…; empty means in-process queue, locks and rate limits. */
  REDIS_URL: optionalString,
  /** A directory path or s3://bucket; empty means DATA_DIR/files. */
  STORAGE_URL: optionalString,
  /** The public address of the web app, used in e-mailed links. */
  PUBLIC_URL: z.string().url().default("http://localhost:9380"),
  REGISTRATION_ENABLED: bool.default(true),
  /** Comma-separated origins allowed to call the API from a browser; empty means same origin only. */
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Sign-in, sign-up and password-reset attempts allowed per minute from one IP address. */
  AUTH_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
  /** Sign-in and password-reset attempts allowed per 15 minutes for one e-mail address. */
  AUTH_RATE_LIMIT_PER_EMAIL: z.coerce.number().int().min(1).default(10),
  /** Behind a reverse proxy: trust X-Forwarded-For for the client IP. */
  TRUST_PROXY: bool.default(false),
  /** The built web app to serve; defaults to apps/web/dist of this checkout. */
  WEB_DIST: optionalString,
  /** Largest file accepted by an upload, in bytes (default 128 MiB). */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(128 * 1024 * 1024),
  /** Most files in one upload request. */
  UPLOAD_MAX_FILES: z.coerce.number().int().min(1).max(1000).default(100),
  /** S3-compatible storage (STORAGE_URL=s3://bucket/prefix): endpoint for MinIO/R2, credentials. */
  S3_ENDPOINT: optionalString,
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Path-style addressing (MinIO needs it). */
  S3_FORCE_PATH_STYLE: bool.default(true),
  /** Pages per ingestion task when a PDF is split (SPEC §3: 12). */
  PDF_PAGES_PER_TASK: z.coerce.number().int().min(1).max(1000).default(12),
  /** Ingestion tasks one worker process runs at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Embed chunks after keyword indexing (the built-in encoder needs no key and no network). */
  EMBEDDINGS_ENABLED: bool.default(true),
  /** Threads of the built-in encoder (default: every core). */
  EMBEDDING_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /**
   * Scheduling niceness (0–19) of the built-in encoder's threads (Linux). Default 0: ingestion already
   * keeps embedding to a third of one core while it parses and indexes. On a server dedicated to
   * Ragtime, e.g. 10 makes the encoder take only CPU nobody else wants; on a shared machine that
   * would let other programs starve it (a niced thread cannot raise its priority back).
   */
  EMBEDDING_NICENESS: z.coerce.number().int().min(0).max(19).default(0),
  /**
   * Small whole-document tasks (anything but a PDF page range) written to the index together, in one
   * transaction; a worker process also takes this many tasks beyond WORKER_CONCURRENCY from the
   * queue, so that they can wait for that write while the next ones are parsed.
   */
  INGEST_BATCH_DOCS: z.coerce.number().int().min(1).max(1000).default(64),
  /**
   * Worker threads that parse, chunk and tokenize documents, per worker process (default: one core
   * less than the machine has, at most WORKER_CONCURRENCY, at least 1). The main thread keeps the
   * embedded database and the API.
   */
  PARSE_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** How long a worker may go silent on a task before the task is presumed dead and handed on. */
  TASK_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  /** `serve` also runs ingestion workers (the embedded default); false when `ragtime worker`s do it. */
  SERVE_RUNS_WORKERS: bool.default(true),
  /** Largest request body accepted by JSON routes, in bytes. */
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  /**
   * The server secret: model providers' API keys are encrypted under a key derived from it.
   * Required in production; elsewhere, when unset, one is generated once under DATA_DIR.
   */
  SECRET_KEY: optionalString.pipe(z.string().min(32, "at least 32 characters").optional()),
  /** One attempt of a remote model call: time to the answer's headers, then the longest silence while streaming. */
  MODEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Retries of a remote model call after the first attempt (429, 5xx, timeouts, network errors). */
  MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
});

export type Config = z.infer<typeof ZConfig>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ZConfig.refine((c) => c.NODE_ENV !== "production" || c.SECRET_KEY !== undefined, {
    path: ["SECRET_KEY"],
    message: "required in production (e.g. `openssl rand -base64 48`); it encrypts model provider keys",
  }).safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
}

/** A configuration for tests: in-memory database, no Redis, quiet logs; `overrides` win. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Embedding is off in tests unless a test turns it on: the built-in encoder costs seconds per document.
  const base = {
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: "pglite://memory",
    // Files a test uploads go to a directory of its own under the system's temp dir, never into the
    // working tree (the default ./data would be the package folder the test runs from).
    DATA_DIR: path.join(os.tmpdir(), `ragtime-test-${process.pid}-${randomBytes(4).toString("hex")}`),
    EMBEDDINGS_ENABLED: "false",
    SECRET_KEY: "ragtime-test-secret-key-never-use-in-production",
  };
  return { ...loadConfig(base), ...overrides };
}
