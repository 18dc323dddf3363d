/**
 * Why a job's signal was aborted. Handlers may look at `signal.reason` (e.g. to skip cleanup on
 * shutdown, when the job will run again elsewhere); both queue implementations use these classes.
 */

/** `cancel()` was called for this task: the job is dropped, never retried, and onFailed is not called. */
export class JobCancelledError extends Error {
  constructor() {
    super("the task was cancelled");
    this.name = "JobCancelledError";
  }
}

/** The handler neither finished nor called heartbeat() within the lease: it is presumed hung. */
export class LeaseExpiredError extends Error {
  constructor(leaseMs: number) {
    super(`the handler neither finished nor sent a heartbeat within its ${leaseMs} ms lease`);
    this.name = "LeaseExpiredError";
  }
}

/** Another worker may already own the job (the Redis lock could not be renewed). */
export class LeaseLostError extends Error {
  constructor() {
    super("the job's lease was lost: another worker may have taken it over");
    this.name = "LeaseLostError";
  }
}

/** The worker is shutting down; the job goes back to the queue for another worker. */
export class WorkerClosingError extends Error {
  constructor() {
    super("the worker is shutting down");
    this.name = "WorkerClosingError";
  }
}

export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** Matched by name too, so an UnrecoverableError from another copy of the module still counts. */
export function isUnrecoverable(error: Error): boolean {
  return error.name === "UnrecoverableError";
}

/** A timer that can be cancelled, so waiting for "whichever comes first" never keeps a process alive. */
export function cancellableDelay(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let resolveFn: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    resolveFn = resolve;
    timer = setTimeout(resolve, ms);
  });
  return {
    promise,
    cancel() {
      clearTimeout(timer);
      resolveFn();
    },
  };
}

/** Close waits this long for running jobs before aborting their signals. */
export const DEFAULT_GRACE_MS = 30_000;
