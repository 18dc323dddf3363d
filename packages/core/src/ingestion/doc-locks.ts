import type { Deps } from "../deps";
import type { Lock } from "../ports/locks";

/** The roll-up's lock of one document: one holder at a time turns task progress into document state. */
export const progressLockKey = (docId: string) => `progress:${docId}`;

/**
 * The same lock settings everywhere a document's state is rolled up: a holder that died keeps the
 * lock until its TTL runs out, and the TTL stays well under a task's lease, so a task waiting for
 * the lock never loses its lease meanwhile.
 */
export function progressLockOptions(deps: Deps): { ttlMs: number; waitMs: number } {
  return {
    ttlMs: Math.max(1000, Math.floor(deps.config.TASK_LEASE_MS / 4)),
    waitMs: Math.floor(deps.config.TASK_LEASE_MS / 2),
  };
}

/**
 * Holds the progress locks of many documents while `fn` runs (a batch of small documents rolled up
 * in one transaction). Taken in id order, so two batch holders never wait on each other in a cycle,
 * and single-document holders hold one lock only; extended every ttl/3; released after. Throws when
 * a lock cannot be taken within the wait, releasing those already held.
 */
export async function withDocumentLocks<T>(
  deps: Deps,
  docIds: readonly string[],
  fn: () => Promise<T>,
): Promise<T> {
  const { ttlMs, waitMs } = progressLockOptions(deps);
  const keys = [...new Set(docIds)].sort().map(progressLockKey);
  const held: Lock[] = [];
  const releaseAll = () => Promise.all(held.map((lock) => lock.release().catch(() => undefined)));
  try {
    // Uncontended (the usual case): every lock at once, one round trip's time on Redis.
    const first = await Promise.all(keys.map((key) => deps.locks.tryAcquire(key, ttlMs)));
    for (const lock of first) if (lock) held.push(lock);
    if (held.length < keys.length) {
      // Some key is busy: let go, then queue for each in id order, as single holders do.
      await releaseAll();
      held.length = 0;
      for (const key of keys) {
        const lock = await deps.locks.acquire(key, ttlMs, waitMs);
        if (!lock) throw new Error(`could not acquire lock "${key}" within ${waitMs} ms`);
        held.push(lock);
      }
    }
  } catch (error) {
    await releaseAll();
    throw error;
  }
  let extending = false;
  const timer = setInterval(
    () => {
      if (extending) return;
      extending = true;
      void Promise.all(held.map((lock) => lock.extend(ttlMs).catch(() => false))).finally(() => {
        extending = false;
      });
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    await releaseAll();
  }
}
