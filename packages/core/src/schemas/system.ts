import { z } from "zod";
import { ZDateTime } from "./accounts";

/** What the admin status page shows (`system.status`). */
const ZProbe = z.object({
  isReachable: z.boolean(),
  latencyMs: z.number().nullable().describe("Round trip of the probe; null when it failed"),
});

export const ZSystemStatus = z.object({
  checkedAt: ZDateTime,
  database: ZProbe.extend({
    dialect: z.enum(["pglite", "postgres", "mysql"]),
    label: z.string().describe("Where the database is, without credentials"),
    vectorMode: z
      .enum(["pgvector", "exact-scan"])
      .nullable()
      .describe("How vectors are searched; null when the database cannot be reached"),
    vectorModeReason: z.string().nullable().describe("Why vectors are scanned exactly, if they are"),
  }),
  redis: z.object({
    isConfigured: z.boolean(),
    isReachable: z.boolean().nullable().describe("null when Redis is not configured"),
    latencyMs: z.number().nullable(),
  }),
  queue: z.object({
    kind: z.enum(["memory", "redis"]),
    isReachable: z.boolean(),
    waiting: z.number().int().nullable().describe("Tasks waiting for a worker (incl. delayed retries)"),
    active: z.number().int().nullable().describe("Tasks a worker is running now"),
    failed: z.number().int().nullable(),
    completed: z.number().int().nullable().describe("Recently completed tasks the queue still keeps"),
  }),
  workers: z.object({
    mode: z
      .enum(["in-process", "separate"])
      .describe("in-process: this server parses; separate: `ragtime worker` processes do"),
    concurrency: z.number().int().describe("Tasks one worker process runs at once"),
    leaseMs: z.number().int(),
    isEmbeddingEnabled: z.boolean(),
  }),
  server: z.object({
    uptimeSeconds: z.number().int(),
    nodeVersion: z.string(),
  }),
});
export type SystemStatus = z.infer<typeof ZSystemStatus>;
