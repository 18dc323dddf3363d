/**
 * The ingestion task queue (ARCHITECTURE: "run(docIds) → Task rows → queue.add"; workers take
 * jobs, parse, chunk, embed, index). Two implementations share this contract and one test suite:
 * BullMQ on Redis (REDIS_URL; any number of `ragtime worker` processes) and an in-process queue
 * (embedded default).
 *
 * Guarantees the ingestion pipeline relies on:
 * - at-least-once: a job whose worker dies (process killed, lease not renewed) is handed to
 *   another worker after its lease expires, up to `maxAttempts` times in all; then it fails with
 *   the last reason, reported to `onFailed`. Handlers must therefore be idempotent.
 * - a handler that throws is retried with backoff, up to `maxAttempts`; `UnrecoverableError`
 *   fails the job at once.
 * - cancellation: `cancel(jobId)` aborts the handler's `signal`; the handler stops between steps.
 */
export type TaskJob = { taskId: string; docId: string };

export type JobContext = {
  /** 1 on the first try. */
  attempt: number;
  /** Aborted when the job is cancelled or the worker shuts down. */
  signal: AbortSignal;
  /**
   * Renews the job's lease. Call it at least every `leaseMs` (between steps, between embedding
   * batches): a handler that neither finishes nor heartbeats within the lease is presumed hung, its
   * signal aborts and the job is retried. Rejects once the signal is aborted. (On Redis the worker
   * process also keeps BullMQ's lock alive on a timer, so a killed process is caught the same way.)
   */
  heartbeat(): Promise<void>;
};

export type JobHandler = (job: TaskJob, ctx: JobContext) => Promise<void>;

export type QueueCounts = {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
};

export type TaskWorker = {
  /** Stops taking jobs; waits for running ones (their signals abort after `graceMs`). */
  close(graceMs?: number): Promise<void>;
};

export type WorkerOptions = {
  concurrency: number;
  /** Called once a job has failed for good (after its last attempt). */
  onFailed?: (job: TaskJob, error: Error, attempts: number) => void | Promise<void>;
};

export type TaskQueue = {
  readonly kind: "memory" | "redis";
  /** Enqueues; the job id is the task id, so adding the same task twice is a no-op while it waits. */
  add(job: TaskJob): Promise<void>;
  /** Removes waiting jobs and aborts running ones of these tasks. */
  cancel(taskIds: string[]): Promise<void>;
  work(handler: JobHandler, options: WorkerOptions): TaskWorker;
  counts(): Promise<QueueCounts>;
  close(): Promise<void>;
};

/** Thrown by a handler for a failure that retrying cannot fix (a corrupt file): fails at once. */
export class UnrecoverableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UnrecoverableError";
  }
}

export type QueueOptions = {
  /** Tries in all, first included (SPEC §3: 3). */
  maxAttempts: number;
  /** How long a worker holds a job without renewing before another may take it. */
  leaseMs: number;
  /** Delay before the first retry; doubles each time. */
  backoffMs: number;
};

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = { maxAttempts: 3, leaseMs: 30_000, backoffMs: 1_000 };
