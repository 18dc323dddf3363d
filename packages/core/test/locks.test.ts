/**
 * The LockManager contract (ports/locks.ts), one suite on the in-process manager always and on
 * Redis when TEST_REDIS_URL is set (required under CI). Redis keys get a prefix unique to the run
 * and are deleted afterwards.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryLockManager } from "../src/locks/memory-locks";
import { createRedisLockManager } from "../src/locks/redis-locks";
import { LockLostError, LockNotAcquiredError } from "../src/locks/with-lock";
import type { Lock, LockManager } from "../src/ports/locks";
import { deleteKeys, sleep, TEST_PREFIX, testRedisUrl, uniqueName } from "./fixtures/queue/test-redis";

type Backend = {
  kind: "memory" | "redis";
  manager: () => LockManager;
};

const redisUrl = testRedisUrl();
const backends: Backend[] = [{ kind: "memory", manager: createMemoryLockManager }];
const closers: Array<() => Promise<void>> = [];
if (redisUrl) {
  const prefix = `${TEST_PREFIX}:${uniqueName("locks")}:`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  closers.push(async () => {
    await deleteKeys(redisUrl, `${prefix}*`);
    await redis.quit();
  });
  backends.push({
    kind: "redis",
    manager: () => createRedisLockManager(redis, { prefix }),
  });
}

afterAll(async () => {
  for (const close of closers) await close();
});

const newKey = () => `key-${randomBytes(6).toString("hex")}`;

describe.each(backends)("LockManager contract on $kind", (backend) => {
  it("reports its kind", () => {
    expect(backend.manager().kind).toBe(backend.kind);
  });

  it("lets one holder at a time run withLock: concurrent read-await-write never interleaves", async () => {
    const locks = backend.manager();
    const key = newKey();
    let counter = 0;
    let inside = 0;
    let peak = 0;
    const contenders = 8;
    await Promise.all(
      Array.from({ length: contenders }, () =>
        locks.withLock(
          key,
          async () => {
            inside += 1;
            peak = Math.max(peak, inside);
            const read = counter;
            await sleep(5);
            counter = read + 1;
            inside -= 1;
          },
          { ttlMs: 2_000, waitMs: 10_000 },
        ),
      ),
    );
    expect(counter).toBe(contenders);
    expect(peak).toBe(1);
    // Released after the last one: free again.
    const lock = await locks.tryAcquire(key, 1_000);
    expect(lock).toBeDefined();
    await lock?.release();
  });

  it("refuses a held lock, and lets another take it once it has expired", async () => {
    const locks = backend.manager();
    const key = newKey();
    const first = await locks.tryAcquire(key, 150);
    expect(first).toBeDefined();
    expect(await locks.tryAcquire(key, 150)).toBeUndefined();
    await sleep(250);
    const second = await locks.tryAcquire(key, 1_000);
    expect(second).toBeDefined();
    await second?.release();
  });

  it("never releases or extends a lock that expired and was taken by someone else", async () => {
    const locks = backend.manager();
    const key = newKey();
    const stale = await locks.tryAcquire(key, 100);
    await sleep(200);
    const current = await locks.tryAcquire(key, 5_000);
    expect(current).toBeDefined();
    await stale?.release();
    expect(await locks.tryAcquire(key, 1_000)).toBeUndefined();
    expect(await stale?.extend(5_000)).toBe(false);
    expect(await locks.tryAcquire(key, 1_000)).toBeUndefined();
    await current?.release();
    const next = await locks.tryAcquire(key, 1_000);
    expect(next).toBeDefined();
    await next?.release();
  });

  it("keeps a lock past its first ttl when extended", async () => {
    const locks = backend.manager();
    const key = newKey();
    const lock = await locks.tryAcquire(key, 200);
    await sleep(100);
    expect(await lock?.extend(600)).toBe(true);
    await sleep(250);
    expect(await locks.tryAcquire(key, 1_000)).toBeUndefined();
    await lock?.release();
    const after = await locks.tryAcquire(key, 1_000);
    expect(after).toBeDefined();
    await after?.release();
  });

  it("acquire waits for the holder to release, and gives up after waitMs", async () => {
    const locks = backend.manager();
    const key = newKey();
    const holder = await locks.tryAcquire(key, 5_000);
    const startedAt = Date.now();
    expect(await locks.acquire(key, 1_000, 150)).toBeUndefined();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
    const waiting = locks.acquire(key, 1_000, 5_000);
    await sleep(100);
    await holder?.release();
    const next = await waiting;
    expect(next).toBeDefined();
    await next?.release();
  });

  it("withLock extends the lock while fn runs longer than ttl, and releases it after, even on throw", async () => {
    const locks = backend.manager();
    const key = newKey();
    let stolen: unknown;
    let aborted = true;
    await expect(
      locks.withLock(
        key,
        async (signal) => {
          await sleep(450);
          stolen = await locks.tryAcquire(key, 1_000);
          aborted = signal.aborted;
          throw new Error("step failed");
        },
        { ttlMs: 150 },
      ),
    ).rejects.toThrow("step failed");
    expect(stolen).toBeUndefined();
    expect(aborted).toBe(false);
    const after = await locks.tryAcquire(key, 1_000);
    expect(after).toBeDefined();
    await after?.release();
  });

  it("withLock fails with LockNotAcquiredError when the lock stays taken", async () => {
    const locks = backend.manager();
    const key = newKey();
    const holder = await locks.tryAcquire(key, 5_000);
    let ran = false;
    await expect(
      locks.withLock(
        key,
        async () => {
          ran = true;
        },
        { waitMs: 100 },
      ),
    ).rejects.toBeInstanceOf(LockNotAcquiredError);
    expect(ran).toBe(false);
    await holder?.release();
  });

  it("withLock aborts its signal when the lock is lost, and leaves the new holder's lock alone", async () => {
    const locks = backend.manager();
    const key = newKey();
    const ttlMs = 150;
    let other: Lock | undefined;
    const reason = await locks.withLock(
      key,
      async (signal) => {
        // A blocked event loop (a long synchronous parse) is how a live holder misses its renewals.
        const until = Date.now() + 2 * ttlMs;
        while (Date.now() < until) {
          // busy wait on purpose
        }
        other = await locks.tryAcquire(key, 5_000);
        await new Promise<void>((resolve) => {
          signal.addEventListener("abort", () => resolve());
          setTimeout(resolve, 2_000);
        });
        return signal.reason;
      },
      { ttlMs },
    );
    expect(other).toBeDefined();
    expect(reason).toBeInstanceOf(LockLostError);
    // withLock's release after the loss must not have removed the new holder's lock.
    expect(await locks.tryAcquire(key, 1_000)).toBeUndefined();
    await other?.release();
  });
});
