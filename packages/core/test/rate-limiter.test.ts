/**
 * The RateLimiter contract (ports/rate-limiter.ts) on the in-process limiter always and on Redis
 * when TEST_REDIS_URL is set (required under CI: a missing URL fails the run, never skips). Real
 * time and short windows, so expiry is what Redis itself does with PEXPIRE.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from "../src/ports/rate-limiter";
import { deleteKeys, sleep, TEST_PREFIX, testRedisUrl, uniqueName } from "./fixtures/queue/test-redis";

type Backend = { kind: "memory" | "redis"; limiter: () => RateLimiter };

const redisUrl = testRedisUrl();
const backends: Backend[] = [{ kind: "memory", limiter: () => createMemoryRateLimiter() }];
const closers: Array<() => Promise<void>> = [];
if (redisUrl) {
  const prefix = `${TEST_PREFIX}:${uniqueName("rate")}:`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  closers.push(async () => {
    await deleteKeys(redisUrl, `${prefix}*`);
    await redis.quit();
  });
  backends.push({ kind: "redis", limiter: () => createRedisRateLimiter(redis, prefix) });
}

afterAll(async () => {
  for (const close of closers) await close();
});

const newKey = () => `login:ip:${randomBytes(6).toString("hex")}`;
const MINUTE = 60_000;

describe.each(backends)("RateLimiter contract on $kind", (backend) => {
  it("allows `limit` hits in a window, then refuses with the time left in the window", async () => {
    const limiter = backend.limiter();
    const key = newKey();
    for (let i = 0; i < 3; i += 1) {
      expect(await limiter.hit(key, 3, MINUTE)).toEqual({ allowed: true, retryAfterMs: 0 });
    }
    for (let i = 0; i < 2; i += 1) {
      const refused = await limiter.hit(key, 3, MINUTE);
      expect(refused.allowed).toBe(false);
      // The window opened a moment ago: almost all of it is left, never more.
      expect(refused.retryAfterMs).toBeGreaterThan(MINUTE - 5_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(MINUTE);
    }
  });

  it("keeps keys independent", async () => {
    const limiter = backend.limiter();
    const [a, b] = [newKey(), newKey()];
    await limiter.hit(a, 1, MINUTE);
    expect((await limiter.hit(a, 1, MINUTE)).allowed).toBe(false);
    expect(await limiter.hit(b, 1, MINUTE)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect((await limiter.hit(a, 1, MINUTE)).allowed).toBe(false);
  });

  it("opens a fresh window once retryAfterMs has passed", async () => {
    const limiter = backend.limiter();
    const key = newKey();
    expect((await limiter.hit(key, 1, 800)).allowed).toBe(true);
    const refused = await limiter.hit(key, 1, 800);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(800);
    await sleep(refused.retryAfterMs + 50);
    expect(await limiter.hit(key, 1, 800)).toEqual({ allowed: true, retryAfterMs: 0 });
    // …and the new window counts from zero again.
    expect((await limiter.hit(key, 1, 800)).allowed).toBe(false);
  });

  it("counts down retryAfterMs as the window passes", async () => {
    const limiter = backend.limiter();
    const key = newKey();
    await limiter.hit(key, 1, 5_000);
    const first = await limiter.hit(key, 1, 5_000);
    await sleep(150);
    const later = await limiter.hit(key, 1, 5_000);
    expect(later.allowed).toBe(false);
    expect(later.retryAfterMs).toBeLessThan(first.retryAfterMs);
    expect(first.retryAfterMs - later.retryAfterMs).toBeGreaterThanOrEqual(100);
  });

  it("counts concurrent hits exactly: no more than `limit` get through", async () => {
    const limiter = backend.limiter();
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 25 }, () => limiter.hit(key, 5, MINUTE)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterMs > 0)).toBe(true);
  });
});

describe("memory limiter with a clock", () => {
  it("expires windows by the injected clock, without waiting", async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter(() => now);
    expect((await limiter.hit("k", 2, MINUTE)).allowed).toBe(true);
    now += 30_000;
    expect((await limiter.hit("k", 2, MINUTE)).allowed).toBe(true);
    expect(await limiter.hit("k", 2, MINUTE)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    now += 30_000;
    expect(await limiter.hit("k", 2, MINUTE)).toEqual({ allowed: true, retryAfterMs: 0 });
  });
});
