import { randomUUID } from "node:crypto";
import type { Lock, LockManager } from "../ports/locks";
import {
  DEFAULT_LOCK_TTL_MS,
  DEFAULT_LOCK_WAIT_MS,
  LockNotAcquiredError,
  pollAcquire,
  runWithLock,
} from "./with-lock";

/**
 * In-process locks for the embedded default: the same semantics as the Redis manager (a token per
 * holder, expiry after ttl unless extended), so code that works here works across processes.
 */
export function createMemoryLockManager(): LockManager {
  const held = new Map<string, { token: string; expiresAt: number }>();

  const isHeldBy = (key: string, token: string) => {
    const entry = held.get(key);
    return entry !== undefined && entry.token === token && entry.expiresAt > Date.now();
  };

  const tryAcquire = async (key: string, ttlMs: number): Promise<Lock | undefined> => {
    const entry = held.get(key);
    if (entry && entry.expiresAt > Date.now()) return undefined;
    const token = randomUUID();
    held.set(key, { token, expiresAt: Date.now() + ttlMs });
    return {
      key,
      async extend(extendMs = ttlMs) {
        if (!isHeldBy(key, token)) return false;
        held.set(key, { token, expiresAt: Date.now() + extendMs });
        return true;
      },
      async release() {
        // Expired but not re-taken still counts as ours to clean up; another holder's never does.
        if (held.get(key)?.token === token) held.delete(key);
      },
    };
  };

  return {
    kind: "memory",
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
