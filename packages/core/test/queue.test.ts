/**
 * The TaskQueue contract (ports/task-queue.ts), one suite run on the in-process queue always and on
 * BullMQ when TEST_REDIS_URL is set (required under CI). Each Redis test uses a queue name of its
 * own, so runs and tests never see each other's jobs, and its keys are deleted afterwards.
 */
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  type QueueOptions,
  type TaskJob,
  type TaskQueue,
  type TaskWorker,
  UnrecoverableError,
} from "../src/ports/task-queue";
import { JobCancelledError, LeaseExpiredError, WorkerClosingError } from "../src/queue/abort-reasons";
import { createMemoryQueue } from "../src/queue/memory-queue";
import { createRedisQueue } from "../src/queue/redis-queue";
import {
  deferred,
  deleteKeys,
  eventually,
  sleep,
  TEST_PREFIX,
  testRedisUrl,
  uniqueName,
  within,
} from "./fixtures/queue/test-redis";

type Backend = {
  kind: "memory" | "redis";
  /** Short leases keep the expiry tests fast; Redis needs room for its lock renewal round trips. */
  leaseMs: number;
  create(options: Partial<QueueOptions>): TaskQueue;
};

const BACKOFF_MS = 50;
const cleanups: Array<() => Promise<void>> = [];
const openQueues: TaskQueue[] = [];

const redisUrl = testRedisUrl();
const backends: Backend[] = [
  { kind: "memory", leaseMs: 500, create: (options) => createMemoryQueue(options) },
];
if (redisUrl) {
  backends.push({
    kind: "redis",
    leaseMs: 1_000,
    create: (options) => {
      const name = uniqueName("queue");
      cleanups.push(() => deleteKeys(redisUrl, `${TEST_PREFIX}:${name}:*`));
      return createRedisQueue(redisUrl, { ...options, name, prefix: TEST_PREFIX });
    },
  });
}

afterEach(async () => {
  await Promise.all(openQueues.splice(0).map((queue) => queue.close()));
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const newTask = (): TaskJob => ({
  taskId: randomBytes(16).toString("hex"),
  docId: randomBytes(16).toString("hex"),
});

type Failure = { job: TaskJob; error: Error; attempts: number };

describe.each(backends)("TaskQueue contract on $kind", (backend) => {
  const open = (options: Partial<QueueOptions> = {}) => {
    const queue = backend.create({
      leaseMs: backend.leaseMs,
      backoffMs: BACKOFF_MS,
      maxAttempts: 3,
      ...options,
    });
    openQueues.push(queue);
    return queue;
  };
  const idle = (queue: TaskQueue) =>
    eventually(
      async () => {
        const counts = await queue.counts();
        return counts.active === 0 && counts.waiting === 0 && counts.delayed === 0;
      },
      5_000,
      "an idle queue",
    );

  it("reports its kind", () => {
    expect(open().kind).toBe(backend.kind);
  });

  it("delivers every job once, never running more than `concurrency` at a time", async () => {
    const queue = open();
    const tasks = Array.from({ length: 6 }, newTask);
    for (const task of tasks) await queue.add(task);
    const seen: TaskJob[] = [];
    const allDone = deferred();
    let running = 0;
    let peak = 0;
    queue.work(
      async (job, context) => {
        expect(context.attempt).toBe(1);
        running += 1;
        peak = Math.max(peak, running);
        await sleep(60);
        running -= 1;
        seen.push(job);
        if (seen.length === tasks.length) allDone.resolve();
      },
      { concurrency: 2 },
    );
    await within(allDone.promise, 10_000, "all jobs");
    expect(seen.map((job) => job.taskId).sort()).toEqual(tasks.map((task) => task.taskId).sort());
    expect(seen.find((job) => job.taskId === tasks[0]?.taskId)?.docId).toBe(tasks[0]?.docId);
    expect(peak).toBe(2);
    await eventually(async () => (await queue.counts()).completed === 6, 5_000, "6 completed");
    await idle(queue);
  });

  it("ignores a second add of a task that is waiting, and runs it again once it has finished", async () => {
    const queue = open();
    const task = newTask();
    await queue.add(task);
    await queue.add(task);
    await queue.add({ ...task });
    expect((await queue.counts()).waiting).toBe(1);
    const runs: number[] = [];
    let done = deferred();
    queue.work(
      async (_job, context) => {
        runs.push(context.attempt);
        done.resolve();
      },
      { concurrency: 4 },
    );
    await within(done.promise, 5_000, "the first run");
    await eventually(async () => (await queue.counts()).completed === 1, 5_000, "1 completed");
    await sleep(200);
    expect(runs).toEqual([1]);

    done = deferred();
    await queue.add(task);
    await within(done.promise, 5_000, "the second run");
    expect(runs).toEqual([1, 1]);
  });

  it("retries a failing job with exponential backoff until it succeeds", async () => {
    const queue = open();
    const task = newTask();
    const startedAt: number[] = [];
    const failures: Failure[] = [];
    const done = deferred();
    queue.work(
      async (_job, context) => {
        startedAt.push(Date.now());
        if (context.attempt < 3) throw new Error(`transient failure ${context.attempt}`);
        done.resolve();
      },
      { concurrency: 1, onFailed: (job, error, attempts) => void failures.push({ job, error, attempts }) },
    );
    await queue.add(task);
    await within(done.promise, 10_000, "the third attempt");
    expect(startedAt).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = startedAt;
    // Small tolerance: timers and Redis scores have millisecond granularity.
    expect(second - first).toBeGreaterThanOrEqual(BACKOFF_MS - 5);
    expect(third - second).toBeGreaterThanOrEqual(2 * BACKOFF_MS - 5);
    await eventually(async () => (await queue.counts()).completed === 1, 5_000, "1 completed");
    expect(failures).toEqual([]);
  });

  it("fails for good after maxAttempts, reporting the last error and the attempt count once", async () => {
    const queue = open();
    const task = newTask();
    const attempts: number[] = [];
    const failed = deferred<Failure>();
    const failures: Failure[] = [];
    queue.work(
      async (_job, context) => {
        attempts.push(context.attempt);
        throw new Error(`parser exploded on try ${context.attempt}`);
      },
      {
        concurrency: 1,
        onFailed: (job, error, count) => {
          failures.push({ job, error, attempts: count });
          failed.resolve({ job, error, attempts: count });
        },
      },
    );
    await queue.add(task);
    const failure = await within(failed.promise, 10_000, "onFailed");
    expect(failure.job).toEqual(task);
    expect(failure.error.message).toBe("parser exploded on try 3");
    expect(failure.attempts).toBe(3);
    await sleep(4 * BACKOFF_MS);
    expect(attempts).toEqual([1, 2, 3]);
    expect(failures).toHaveLength(1);
    const counts = await queue.counts();
    expect(counts.failed).toBe(1);
    expect(counts.completed).toBe(0);
    await idle(queue);
  });

  it("fails at once on UnrecoverableError", async () => {
    const queue = open();
    const task = newTask();
    let calls = 0;
    const failed = deferred<Failure>();
    queue.work(
      async () => {
        calls += 1;
        throw new UnrecoverableError("not a PDF: the file starts with 'PK'");
      },
      { concurrency: 1, onFailed: (job, error, attempts) => failed.resolve({ job, error, attempts }) },
    );
    await queue.add(task);
    const failure = await within(failed.promise, 5_000, "onFailed");
    expect(failure.error.message).toBe("not a PDF: the file starts with 'PK'");
    expect(failure.attempts).toBe(1);
    await sleep(4 * BACKOFF_MS);
    expect(calls).toBe(1);
    expect((await queue.counts()).failed).toBe(1);
  });

  it("cancel removes a waiting job before it runs", async () => {
    const queue = open();
    const blocker = newTask();
    const victim = newTask();
    const release = deferred();
    const started: string[] = [];
    await queue.add(blocker);
    await queue.add(victim);
    const blockerStarted = deferred();
    queue.work(
      async (job) => {
        started.push(job.taskId);
        if (job.taskId === blocker.taskId) {
          blockerStarted.resolve();
          await release.promise;
        }
      },
      { concurrency: 1 },
    );
    await within(blockerStarted.promise, 5_000, "the blocking job");
    await queue.cancel([victim.taskId]);
    expect((await queue.counts()).waiting).toBe(0);
    release.resolve();
    await eventually(async () => (await queue.counts()).completed === 1, 5_000, "the blocker to complete");
    await sleep(200);
    expect(started).toEqual([blocker.taskId]);
    await idle(queue);
  });

  it("cancel aborts a running job's signal, and the job is neither retried nor reported failed", async () => {
    const queue = open();
    const task = newTask();
    const started = deferred<AbortSignal>();
    const stopped = deferred<unknown>();
    let calls = 0;
    const failures: Failure[] = [];
    queue.work(
      async (_job, context) => {
        calls += 1;
        started.resolve(context.signal);
        // A pipeline step that stops between steps when told to.
        await new Promise<void>((resolve) => context.signal.addEventListener("abort", () => resolve()));
        stopped.resolve(context.signal.reason);
        throw context.signal.reason;
      },
      { concurrency: 1, onFailed: (job, error, attempts) => void failures.push({ job, error, attempts }) },
    );
    await queue.add(task);
    await within(started.promise, 5_000, "the job to start");
    await queue.cancel([task.taskId]);
    const reason = await within(stopped.promise, 5_000, "the signal to abort");
    expect(reason).toBeInstanceOf(JobCancelledError);
    await idle(queue);
    await sleep(4 * BACKOFF_MS);
    expect(calls).toBe(1);
    expect(failures).toEqual([]);
    await eventually(async () => (await queue.counts()).failed === 0, 5_000, "no failed job left");
  });

  it("redelivers the job of a handler that hangs past its lease, aborting the hung one's signal", async () => {
    const queue = open();
    const task = newTask();
    const signals: AbortSignal[] = [];
    const done = deferred<number>();
    const startedAt = Date.now();
    queue.work(
      async (_job, context) => {
        signals.push(context.signal);
        // Hangs and ignores its signal: only the lease can get the job out of it.
        if (context.attempt === 1) return new Promise<void>(() => {});
        done.resolve(context.attempt);
      },
      { concurrency: 1 },
    );
    await queue.add(task);
    expect(await within(done.promise, 6 * backend.leaseMs, "the redelivery")).toBe(2);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(backend.leaseMs - 5);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBeInstanceOf(LeaseExpiredError);
    expect(signals[1]?.aborted).toBe(false);
    await eventually(async () => (await queue.counts()).completed === 1, 5_000, "1 completed");
  });

  it("keeps a job that heartbeats for longer than its lease", async () => {
    const queue = open();
    const task = newTask();
    const done = deferred<{ attempt: number; aborted: boolean }>();
    queue.work(
      async (_job, context) => {
        const until = Date.now() + 2.5 * backend.leaseMs;
        while (Date.now() < until) {
          await sleep(backend.leaseMs / 4);
          await context.heartbeat();
        }
        done.resolve({ attempt: context.attempt, aborted: context.signal.aborted });
      },
      { concurrency: 1 },
    );
    await queue.add(task);
    expect(await within(done.promise, 10 * backend.leaseMs, "the long job")).toEqual({
      attempt: 1,
      aborted: false,
    });
    await eventually(async () => (await queue.counts()).completed === 1, 5_000, "1 completed");
  });

  it("close waits for running jobs to finish", async () => {
    const queue = open();
    const started = deferred();
    let finished = false;
    const worker = queue.work(
      async () => {
        started.resolve();
        await sleep(300);
        finished = true;
      },
      { concurrency: 1 },
    );
    await queue.add(newTask());
    await within(started.promise, 5_000, "the job to start");
    const closingAt = Date.now();
    await worker.close(10_000);
    expect(finished).toBe(true);
    expect(Date.now() - closingAt).toBeLessThan(5_000);
    await eventually(async () => (await queue.counts()).completed === 1, 5_000, "1 completed");
  });

  it("close aborts jobs still running after the grace period and hands them to another worker", async () => {
    const queue = open();
    const task = newTask();
    const started = deferred<AbortSignal>();
    const first: TaskWorker = queue.work(
      async (_job, context) => {
        started.resolve(context.signal);
        await new Promise<void>((resolve) => context.signal.addEventListener("abort", () => resolve()));
        throw context.signal.reason;
      },
      { concurrency: 1 },
    );
    await queue.add(task);
    const signal = await within(started.promise, 5_000, "the job to start");
    await within(first.close(100), 5_000, "close");
    expect(signal.reason).toBeInstanceOf(WorkerClosingError);
    const counts = await queue.counts();
    expect(counts.waiting + counts.delayed).toBe(1);
    expect(counts.failed).toBe(0);

    const done = deferred<number>();
    queue.work(
      async (_job, context) => {
        done.resolve(context.attempt);
      },
      { concurrency: 1 },
    );
    // Every start counts towards maxAttempts (BullMQ counts starts): the interrupted try was the first.
    expect(await within(done.promise, 5_000, "the job on the second worker")).toBe(2);
  });
});
