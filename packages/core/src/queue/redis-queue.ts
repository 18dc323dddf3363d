import { UnrecoverableError as BullUnrecoverableError, type Job, Queue, WaitingError, Worker } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { type Logger, silentLogger } from "../ports/logger";
import {
  DEFAULT_QUEUE_OPTIONS,
  type JobContext,
  type JobHandler,
  type QueueCounts,
  type QueueOptions,
  type TaskJob,
  type TaskQueue,
  type TaskWorker,
  type WorkerOptions,
} from "../ports/task-queue";
import {
  cancellableDelay,
  DEFAULT_GRACE_MS,
  isUnrecoverable,
  JobCancelledError,
  LeaseExpiredError,
  LeaseLostError,
  toError,
  WorkerClosingError,
} from "./abort-reasons";

export type RedisQueueOptions = Partial<QueueOptions> & {
  /** BullMQ queue name; one per pipeline (tests use a fresh one each). Default "ingest". */
  name?: string;
  /** Redis key prefix. Default "ragtime". */
  prefix?: string;
  logger?: Logger;
};

/** Where a cancel request is kept for a task, so a worker that misses the broadcast still sees it. */
const CANCEL_MARK_MS = 24 * 3_600_000;
/** Finished jobs kept for counts() and inspection; add() removes a finished job before re-adding it. */
const KEEP_COMPLETED = { age: 3_600, count: 1_000 };
const KEEP_FAILED = { age: 7 * 86_400, count: 10_000 };
/** Failures BullMQ raises itself, when a job is picked up with no tries left (see the mapping below). */
const STALLED_LIMIT = "job stalled more than allowable limit";
const STARTED_LIMIT = "job started more than allowable limit";

type Run = {
  controller: AbortController;
  /** Resolved by the reasons that must not wait for the handler: lease lapsed or lost. */
  abandon: (reason: Error) => void;
};

type RedisClientInput = Redis | RedisOptions | string;

/** A private class so the "failed" listener can tell a cancellation from a real failure. */
class CancelledJobError extends BullUnrecoverableError {
  constructor() {
    super("the task was cancelled");
  }
}

/**
 * The task queue on BullMQ (REDIS_URL): any number of `ragtime worker` processes share it.
 *
 * How the contract maps onto BullMQ (producers and workers must use the same QueueOptions):
 * - jobId = taskId, so BullMQ's own dedupe makes add() a no-op while the job exists; add()
 *   first removes a *finished* job of that id, so a task can run again after it ends.
 * - lease = BullMQ lock: lockDuration = leaseMs, renewed by BullMQ on a timer while the process
 *   lives; the stalled checker (every leaseMs/2, in every worker) hands a job whose lock lapsed
 *   (process killed, event loop blocked) back to the wait list.
 * - a hang (the handler neither finishes nor heartbeats within leaseMs) is caught here, not by
 *   BullMQ, whose timer renews locks of hung handlers forever: the signal aborts and the try
 *   fails, so it is retried like any error.
 * - attempts: every *start* counts. attempts = maxAttempts with exponential backoff covers thrown
 *   errors; maxStartedAttempts = maxAttempts caps thrown errors and stalls together (BullMQ does
 *   not retry a throw once the starts are used up, and fails a job picked up past the cap without
 *   running it); maxStalledCount = maxAttempts − 1 makes the maxAttempts-th stall fail the job
 *   too. So the handler runs at most maxAttempts times, whatever mix of errors and crashes.
 * - cancel: a mark in Redis + a pub/sub broadcast that aborts the signal in whichever process runs
 *   the job; waiting/delayed jobs are removed; a job picked up later sees the mark and is dropped.
 */
export function createRedisQueue(redis: RedisClientInput, options: RedisQueueOptions = {}): TaskQueue {
  const { name = "ingest", prefix = "ragtime", logger = silentLogger, ...rest } = options;
  const config: QueueOptions = { ...DEFAULT_QUEUE_OPTIONS, ...rest };
  if (config.maxAttempts < 1) throw new Error("maxAttempts must be at least 1");
  const connection = openConnection(redis);
  connection.on("error", (error) => logger.warn({ err: error, queue: name }, "task queue connection error"));
  const queue = new Queue<TaskJob, void, string>(name, { connection, prefix });
  queue.on("error", (error) => logger.error({ err: error, queue: name }, "task queue error"));
  const cancelChannel = `${prefix}:${name}:cancel`;
  const cancelKey = (taskId: string) => `${prefix}:${name}:cancelled:${taskId}`;

  const workers = new Set<{ runs: Map<string, Run>; close(graceMs: number): Promise<void> }>();
  let subscriber: Redis | undefined;
  let isClosed = false;

  const onCancelMessage = (channel: string, message: string) => {
    if (channel !== cancelChannel) return;
    let taskIds: unknown;
    try {
      taskIds = JSON.parse(message);
    } catch {
      return;
    }
    if (!Array.isArray(taskIds)) return;
    for (const worker of workers) {
      for (const taskId of taskIds) {
        if (typeof taskId === "string") worker.runs.get(taskId)?.controller.abort(new JobCancelledError());
      }
    }
  };

  const subscribe = () => {
    if (subscriber) return;
    subscriber = connection.duplicate();
    subscriber.on("error", (error) => logger.warn({ err: error, queue: name }, "cancel subscriber error"));
    subscriber.on("message", onCancelMessage);
    // The mark checked at job start covers the moment before the subscription is live.
    subscriber
      .subscribe(cancelChannel)
      .catch((error: unknown) =>
        logger.error({ err: error, queue: name }, "cannot subscribe to cancellations"),
      );
  };

  const isCancelled = async (taskId: string) => (await connection.exists(cancelKey(taskId))) === 1;

  const work = (handler: JobHandler, workerOptions: WorkerOptions): TaskWorker => {
    if (isClosed) throw new Error("the task queue is closed");
    subscribe();
    const runs = new Map<string, Run>();
    const pending = new Set<Promise<void>>();
    const track = (promise: Promise<void>) => {
      const tracked = promise.finally(() => pending.delete(tracked));
      pending.add(tracked);
    };

    const processor = async (job: Job<TaskJob, void, string>, token?: string): Promise<void> => {
      const taskId = job.id;
      if (taskId === undefined || token === undefined)
        throw new Error("BullMQ gave a job without id or lock token");
      const controller = new AbortController();
      let abandon: (reason: Error) => void = () => {};
      const abandoned = new Promise<Error>((resolve) => {
        abandon = (reason) => {
          controller.abort(reason);
          resolve(reason);
        };
      });
      // Registered before the cancel-mark check, so a broadcast can never fall between the two.
      runs.set(taskId, { controller, abandon });
      let leaseTimer: NodeJS.Timeout | undefined;
      const armLease = () => {
        clearTimeout(leaseTimer);
        leaseTimer = setTimeout(() => abandon(new LeaseExpiredError(config.leaseMs)), config.leaseMs);
      };
      try {
        if (await isCancelled(taskId)) throw new CancelledJobError();
        armLease();
        let lastRenewal = Date.now();
        const context: JobContext = {
          attempt: job.attemptsStarted,
          signal: controller.signal,
          heartbeat: async () => {
            if (controller.signal.aborted) throw toError(controller.signal.reason);
            armLease();
            // BullMQ renews the lock on its own timer; a heartbeat adds a round trip only now and
            // then, to learn early of a lost lock or a cancel broadcast this process missed.
            if (Date.now() - lastRenewal < config.leaseMs / 4) return;
            lastRenewal = Date.now();
            const [extended, cancelled] = await Promise.all([
              job.extendLock(token, config.leaseMs),
              isCancelled(taskId),
            ]);
            if (cancelled) controller.abort(new JobCancelledError());
            else if (!extended) abandon(new LeaseLostError());
            if (controller.signal.aborted) throw toError(controller.signal.reason);
          },
        };
        let result: Promise<void>;
        try {
          result = handler({ taskId: job.data.taskId, docId: job.data.docId }, context);
        } catch (error) {
          result = Promise.reject(toError(error));
        }
        const outcome = await Promise.race([
          result.then(
            () => ({ error: undefined }),
            (error: unknown) => ({ error: toError(error) }),
          ),
          abandoned.then((reason) => ({ error: reason })),
        ]);
        const reason: unknown = controller.signal.reason;
        if (reason instanceof JobCancelledError) throw new CancelledJobError();
        if (outcome.error === undefined) return;
        if (reason instanceof WorkerClosingError) {
          // Straight back to the wait list for another worker, without a backoff delay.
          await job.moveToWait(token);
          throw new WaitingError();
        }
        if (isUnrecoverable(outcome.error)) {
          throw Object.assign(new BullUnrecoverableError(outcome.error.message), { cause: outcome.error });
        }
        throw outcome.error;
      } finally {
        clearTimeout(leaseTimer);
        runs.delete(taskId);
      }
    };

    const worker = new Worker<TaskJob, void, string>(name, processor, {
      connection,
      prefix,
      concurrency: workerOptions.concurrency,
      lockDuration: config.leaseMs,
      stalledInterval: Math.max(100, Math.floor(config.leaseMs / 2)),
      maxStalledCount: config.maxAttempts - 1,
      maxStartedAttempts: config.maxAttempts,
    });
    worker.on("error", (error) => logger.error({ err: error, queue: name }, "task worker error"));
    worker.on("lockRenewalFailed", (jobIds) => {
      for (const jobId of jobIds) runs.get(jobId)?.abandon(new LeaseLostError());
    });
    worker.on("failed", (job, error) => {
      if (!job) return;
      if (error instanceof CancelledJobError) {
        // Gone rather than failed: the cancel operation owns the document's state, and the id is free again.
        track(
          queue
            .remove(job.data.taskId)
            .then(() => undefined)
            .catch((cause: unknown) =>
              logger.warn({ err: cause, taskId: job.id }, "cannot remove cancelled job"),
            ),
        );
        return;
      }
      // Retried tries fire "failed" too; only a job that reached the failed set has finishedOn.
      if (!job.finishedOn || !workerOptions.onFailed) return;
      const onFailed = workerOptions.onFailed;
      const { reason, attempts } = describeFailure(job, error, config);
      track(
        Promise.resolve()
          .then(() => onFailed({ taskId: job.data.taskId, docId: job.data.docId }, reason, attempts))
          .catch((cause: unknown) => logger.error({ err: cause, taskId: job.id }, "queue onFailed threw")),
      );
    });

    let closing: Promise<void> | undefined;
    const close = (graceMs: number): Promise<void> => {
      closing ??= (async () => {
        // worker.close() stops fetching at once and resolves when the running jobs are done.
        const closed = worker.close();
        const grace = cancellableDelay(graceMs);
        await Promise.race([closed, grace.promise]);
        grace.cancel();
        for (const run of runs.values()) run.controller.abort(new WorkerClosingError());
        await closed;
        await Promise.all([...pending]);
        workers.delete(handle);
      })();
      return closing;
    };
    const handle = { runs, close };
    workers.add(handle);
    return { close: (graceMs = DEFAULT_GRACE_MS) => close(graceMs) };
  };

  return {
    kind: "redis",

    async add(job) {
      if (isClosed) throw new Error("the task queue is closed");
      const existing = await queue.getJob(job.taskId);
      if (existing) {
        const state = await existing.getState();
        if (state !== "completed" && state !== "failed" && state !== "unknown") return;
        await queue.remove(job.taskId);
      }
      await connection.del(cancelKey(job.taskId));
      await queue.add(
        "task",
        { taskId: job.taskId, docId: job.docId },
        {
          jobId: job.taskId,
          attempts: config.maxAttempts,
          backoff: { type: "exponential", delay: config.backoffMs },
          removeOnComplete: KEEP_COMPLETED,
          removeOnFail: KEEP_FAILED,
        },
      );
    },

    async cancel(taskIds) {
      if (taskIds.length === 0) return;
      const marks = connection.multi();
      for (const taskId of taskIds) marks.set(cancelKey(taskId), "1", "PX", CANCEL_MARK_MS);
      await marks.exec();
      await connection.publish(cancelChannel, JSON.stringify(taskIds));
      for (const taskId of taskIds) {
        // Returns 0 without removing when the job is locked (running): the broadcast handles that.
        const job = await queue.getJob(taskId);
        if (!job) continue;
        const state = await job.getState();
        if (state === "waiting" || state === "delayed" || state === "prioritized") {
          await queue.remove(taskId);
        }
      }
    },

    work,

    async counts(): Promise<QueueCounts> {
      const counts = await queue.getJobCounts(
        "waiting",
        "prioritized",
        "active",
        "delayed",
        "failed",
        "completed",
      );
      const count = (state: string) => counts[state] ?? 0;
      return {
        waiting: count("waiting") + count("prioritized"),
        active: count("active"),
        delayed: count("delayed"),
        failed: count("failed"),
        completed: count("completed"),
      };
    },

    async close() {
      if (isClosed) return;
      isClosed = true;
      // Workers still open are stopped at once; callers wanting a grace period close them first.
      await Promise.all([...workers].map((worker) => worker.close(0)));
      await queue.close();
      if (subscriber) await subscriber.quit().catch(() => subscriber?.disconnect());
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/** The reason and number of tries reported to onFailed, in words a user can act on. */
function describeFailure(
  job: Job<TaskJob, void, string>,
  error: Error,
  config: QueueOptions,
): { reason: Error; attempts: number } {
  if (error.message === STALLED_LIMIT || error.message === STARTED_LIMIT) {
    // BullMQ failed the job when it was picked up again, without running it: that pick-up is no try.
    const attempts = Math.max(0, job.attemptsStarted - 1);
    const previous = (job.stacktrace ?? []).slice(0, -1).at(-1)?.split("\n")[0];
    const why =
      error.message === STALLED_LIMIT
        ? `the worker running it stopped renewing its ${config.leaseMs} ms lease (process killed or blocked)`
        : "its tries were cut short (worker crash, hang or shutdown)";
    const reason = new Error(
      `failed after ${attempts} of ${config.maxAttempts} attempts: ${why}${previous ? `; last error: ${previous}` : ""}`,
      { cause: error },
    );
    return { reason, attempts };
  }
  const original =
    error instanceof BullUnrecoverableError && error.cause instanceof Error ? error.cause : error;
  return { reason: original, attempts: job.attemptsStarted };
}

function isRedisClient(input: RedisClientInput): input is Redis {
  return typeof input === "object" && "duplicate" in input && typeof input.duplicate === "function";
}

/**
 * A connection of the queue's own: BullMQ requires maxRetriesPerRequest null (its blocking reads
 * must wait through reconnects), which the app's shared client does not use.
 */
function openConnection(input: RedisClientInput): Redis {
  const overrides = { maxRetriesPerRequest: null, lazyConnect: false };
  if (isRedisClient(input)) return input.duplicate(overrides);
  if (typeof input === "string") return new Redis(input, overrides);
  return new Redis({ ...input, ...overrides });
}
