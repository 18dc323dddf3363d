/**
 * Mutual exclusion across processes (Redis: SET key token NX PX ttl, released by
 * compare-and-delete, extended while held) or within one (in-process). Used so one holder at a
 * time rolls task progress up into a document.
 */
export type Lock = {
  readonly key: string;
  /** Extends the lease; false when the lock was lost (expired and taken by another). */
  extend(ttlMs?: number): Promise<boolean>;
  /** Releases if still ours (never deletes another holder's lock). */
  release(): Promise<void>;
};

export type LockManager = {
  readonly kind: "memory" | "redis";
  /** Takes the lock or returns undefined at once when someone else holds it. */
  tryAcquire(key: string, ttlMs: number): Promise<Lock | undefined>;
  /** Waits (polling up to `waitMs`) for the lock; undefined on timeout. */
  acquire(key: string, ttlMs: number, waitMs: number): Promise<Lock | undefined>;
  /**
   * Runs `fn` while holding the lock, extending it in the background; releases after. Rejects with
   * LockNotAcquiredError after `waitMs`; `fn`'s signal aborts (LockLostError) if the lock is lost.
   */
  withLock<T>(
    key: string,
    fn: (signal: AbortSignal) => Promise<T>,
    options?: { ttlMs?: number; waitMs?: number },
  ): Promise<T>;
};
