import { ensureChunkIndex, pingDatabase } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { forbidden } from "../errors";
import type { SystemStatus } from "../schemas/system";

/** A probe that does not answer within this long counts as unreachable: the page must still load. */
const PROBE_TIMEOUT_MS = 3_000;

type Probed<T> = { ok: true; value: T; latencyMs: number } | { ok: false };

async function probe<T>(check: () => Promise<T>): Promise<Probed<T>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const value = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("probe timed out")), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, value, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    return { ok: false };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What an operator checks first when something is slow or stuck: the database (and how it searches
 * vectors), Redis, the ingestion queue and how its workers run. Superusers only — it describes the
 * whole instance, not one workspace (every account owns a workspace, so a workspace role would
 * open it to everyone). No secret is in it: the database label carries no password.
 *
 * How many `ragtime worker` processes are alive is not reported: the TaskQueue port has no way to
 * ask (BullMQ could, through its worker connections); what is known is how this deployment runs
 * them and how busy the queue is.
 */
export async function getSystemStatus(deps: Deps, input: { actor: Actor }): Promise<SystemStatus> {
  if (!input.actor.isSuperuser) throw forbidden();
  const { config, database, queue } = deps;
  const redisClient = deps.redis;
  const [db, redis, counts] = await Promise.all([
    probe(async () => {
      await pingDatabase(database);
      return ensureChunkIndex(database);
    }),
    redisClient ? probe(() => redisClient.ping()) : Promise.resolve(undefined),
    probe(() => queue.counts()),
  ]);
  // A Redis queue answering proves Redis reachable even when this process holds no other client.
  const isRedisConfigured = redisClient !== undefined || queue.kind === "redis";
  const redisProbe = redis ?? (queue.kind === "redis" ? counts : undefined);
  return {
    checkedAt: deps.now().toISOString(),
    database: {
      dialect: database.dialect,
      // Only a connection knows where it points (tests may pass a bare Database).
      label: "label" in database && typeof database.label === "string" ? database.label : database.dialect,
      isReachable: db.ok,
      latencyMs: db.ok ? db.latencyMs : null,
      vectorMode: db.ok ? db.value.vectorMode : null,
      vectorModeReason: db.ok ? (db.value.reason ?? null) : null,
    },
    redis: {
      isConfigured: isRedisConfigured,
      isReachable: redisProbe ? redisProbe.ok : null,
      latencyMs: redisProbe?.ok ? redisProbe.latencyMs : null,
    },
    queue: {
      kind: queue.kind,
      isReachable: counts.ok,
      waiting: counts.ok ? counts.value.waiting + counts.value.delayed : null,
      active: counts.ok ? counts.value.active : null,
      failed: counts.ok ? counts.value.failed : null,
      completed: counts.ok ? counts.value.completed : null,
    },
    workers: {
      // The in-process queue can only be worked by this process; with Redis, `serve` may leave it to workers.
      mode: queue.kind === "memory" || config.SERVE_RUNS_WORKERS ? "in-process" : "separate",
      concurrency: config.WORKER_CONCURRENCY,
      leaseMs: config.TASK_LEASE_MS,
      isEmbeddingEnabled: config.EMBEDDINGS_ENABLED,
    },
    server: {
      uptimeSeconds: Math.round(process.uptime()),
      nodeVersion: process.version,
    },
  };
}
