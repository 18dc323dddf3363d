import type { Lock } from "../ports/locks";

export const DEFAULT_LOCK_TTL_MS = 30_000;
export const DEFAULT_LOCK_WAIT_MS = 30_000;

/** withLock could not take the lock within its wait. */
export class LockNotAcquiredError extends Error {
  constructor(key: string, waitMs: number) {
    super(`could not acquire lock "${key}" within ${waitMs} ms`);
    this.name = "LockNotAcquiredError";
  }
}

/** Aborts withLock's signal: the lock expired (or was deleted) and may now belong to someone else. */
export class LockLostError extends Error {
  constructor(key: string) {
    super(`lock "${key}" was lost`);
    this.name = "LockLostError";
  }
}

/**
 * Polls tryAcquire until it succeeds or waitMs runs out. Backoff with jitter so that many waiters
 * on one key do not hammer Redis in lock-step.
 */
export async function pollAcquire(
  tryAcquire: () => Promise<Lock | undefined>,
  waitMs: number,
): Promise<Lock | undefined> {
  const deadline = Date.now() + waitMs;
  let pause = 5;
  for (;;) {
    const lock = await tryAcquire();
    if (lock) return lock;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(left, pause + Math.random() * pause));
    pause = Math.min(pause * 2, 100);
  }
}

/**
 * Shared by both managers: hold the lock while fn runs, extend it every ttl/3 (two renewals can
 * fail before it lapses), abort fn's signal the moment the lock is known lost, release after.
 */
export async function runWithLock<T>(
  lock: Lock,
  ttlMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const lost = () => controller.abort(new LockLostError(lock.key));
  let extending = false;
  const timer = setInterval(
    () => {
      if (extending || controller.signal.aborted) return;
      extending = true;
      lock
        .extend(ttlMs)
        .then((isHeld) => {
          if (!isHeld) lost();
        })
        // A failed round trip is not a lost lock yet: the next tick tries again before ttl runs out.
        .catch(() => undefined)
        .finally(() => {
          extending = false;
        });
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  try {
    return await fn(controller.signal);
  } finally {
    clearInterval(timer);
    await lock.release();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
