/**
 * What the Redis queue exists for (SPEC §3, "a worker that dies mid-task never leaves a document
 * stuck"): a worker process killed in the middle of a job loses it only for the lease; another
 * worker takes it over as a new attempt, and a job whose workers keep dying fails with a reason
 * after maxAttempts instead of running forever. Needs TEST_REDIS_URL (required under CI).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskJob, TaskQueue } from "../src/ports/task-queue";
import { createRedisQueue } from "../src/queue/redis-queue";
import {
  deferred,
  deleteKeys,
  eventually,
  TEST_PREFIX,
  testRedisUrl,
  uniqueName,
  within,
} from "./fixtures/queue/test-redis";

const redisUrl = testRedisUrl();
const LEASE_MS = 1_000;
const BACKOFF_MS = 50;
const coreDir = fileURLToPath(new URL("..", import.meta.url));
const crashWorker = fileURLToPath(new URL("./fixtures/queue/crash-worker.ts", import.meta.url));

const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Starts a worker process on the queue and resolves once it has begun the job. */
async function startDoomedWorker(url: string, name: string, maxAttempts: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", crashWorker], {
    cwd: coreDir,
    env: {
      ...process.env,
      QUEUE_REDIS_URL: url,
      QUEUE_NAME: name,
      QUEUE_PREFIX: TEST_PREFIX,
      QUEUE_LEASE_MS: String(LEASE_MS),
      QUEUE_MAX_ATTEMPTS: String(maxAttempts),
      QUEUE_BACKOFF_MS: String(BACKOFF_MS),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const started = deferred<void>();
  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code) => reject(new Error(`crash worker exited early (${code}): ${stderr}`)));
  });
  if (child.stdout) {
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith("started ")) started.resolve();
    });
  }
  await within(Promise.race([started.promise, exited]), 20_000, "the crash worker to take the job");
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}

describe.runIf(redisUrl !== undefined)("Redis queue: worker processes that die mid-job", () => {
  const url = redisUrl ?? "";
  const open = (maxAttempts: number): { queue: TaskQueue; name: string } => {
    const name = uniqueName("crash");
    const queue = createRedisQueue(url, {
      name,
      prefix: TEST_PREFIX,
      leaseMs: LEASE_MS,
      backoffMs: BACKOFF_MS,
      maxAttempts,
    });
    cleanups.push(async () => {
      await queue.close();
      await deleteKeys(url, `${TEST_PREFIX}:${name}:*`);
    });
    return { queue, name };
  };
  const newTask = (): TaskJob => ({
    taskId: randomBytes(16).toString("hex"),
    docId: randomBytes(16).toString("hex"),
  });

  it("hands the job of a SIGKILLed worker to another worker after the lease, as attempt 2", async () => {
    const { queue, name } = open(3);
    const task = newTask();
    await queue.add(task);
    const doomed = await startDoomedWorker(url, name, 3);
    expect((await queue.counts()).active).toBe(1);
    await kill(doomed);
    const killedAt = Date.now();

    const done = deferred<{ job: TaskJob; attempt: number }>();
    queue.work(async (job, context) => done.resolve({ job, attempt: context.attempt }), { concurrency: 1 });
    const result = await within(done.promise, 10 * LEASE_MS, "the job to be taken over");
    expect(result).toEqual({ job: task, attempt: 2 });
    // Not before the dead worker's lease ran out: it could still have been alive.
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(LEASE_MS / 2);
    await eventually(async () => (await queue.counts()).completed === 1, 5_000, "1 completed");
  });

  it("fails a job whose workers die on every attempt, with the reason and the attempt count", async () => {
    const { queue, name } = open(2);
    const task = newTask();
    await queue.add(task);
    await kill(await startDoomedWorker(url, name, 2));
    // The second doomed worker takes the job once the stalled check has handed it back.
    await kill(await startDoomedWorker(url, name, 2));

    let calls = 0;
    const failed = deferred<{ job: TaskJob; error: Error; attempts: number }>();
    queue.work(
      async () => {
        calls += 1;
      },
      { concurrency: 1, onFailed: (job, error, attempts) => failed.resolve({ job, error, attempts }) },
    );
    const failure = await within(failed.promise, 10 * LEASE_MS, "onFailed");
    expect(failure.job).toEqual(task);
    expect(failure.attempts).toBe(2);
    expect(failure.error.message).toContain("failed after 2 of 2 attempts");
    expect(failure.error.message).toContain("lease");
    // Two tries were spent by the dead workers: this one must not run it a third time.
    expect(calls).toBe(0);
    expect((await queue.counts()).failed).toBe(1);
  });
});
