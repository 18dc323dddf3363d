import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Lock, LockManager } from "../ports/locks";
import {
  DEFAULT_LOCK_TTL_MS,
  DEFAULT_LOCK_WAIT_MS,
  LockNotAcquiredError,
  pollAcquire,
  runWithLock,
} from "./with-lock";

// Compare-and-act in one script: a GET then DEL from the client could delete a lock that expired
// and was taken by someone else between the two commands.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export type RedisLockOptions = {
  /** Prepended to every lock key. Default "ragtime:lock:". */
  prefix?: string;
};

/** Locks across processes: SET key token NX PX ttl; release/extend only while the token is ours. */
export function createRedisLockManager(redis: Redis, options: RedisLockOptions = {}): LockManager {
  const prefix = options.prefix ?? "ragtime:lock:";

  const tryAcquire = async (key: string, ttlMs: number): Promise<Lock | undefined> => {
    const redisKey = prefix + key;
    const token = randomUUID();
    const result = await redis.set(redisKey, token, "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
    if (result !== "OK") return undefined;
    return {
      key,
      async extend(extendMs = ttlMs) {
        const extended = await redis.eval(EXTEND, 1, redisKey, token, Math.max(1, Math.ceil(extendMs)));
        return extended === 1;
      },
      async release() {
        await redis.eval(RELEASE, 1, redisKey, token);
      },
    };
  };

  return {
    kind: "redis",
    tryAcquire,
    acquire: (key, ttlMs, waitMs) => pollAcquire(() => tryAcquire(key, ttlMs), waitMs),
    async withLock(key, fn, options = {}) {
      const ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
      const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
      const lock = await pollAcquire(() => tryAcquire(key, ttlMs), waitMs);
      if (!lock) throw new LockNotAcquiredError(key, waitMs);
      return runWithLock(lock, ttlMs, fn);
    },
  };
}
