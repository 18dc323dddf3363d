import { type Logger, silentLogger } from "../ports/logger";
import {
  DEFAULT_QUEUE_OPTIONS,
  type JobContext,
  type JobHandler,
  type QueueCounts,
  type QueueOptions,
  type TaskJob,
  type TaskQueue,
  type TaskWorker,
  type WorkerOptions,
} from "../ports/task-queue";
import {
  cancellableDelay,
  DEFAULT_GRACE_MS,
  isUnrecoverable,
  JobCancelledError,
  LeaseExpiredError,
  toError,
  WorkerClosingError,
} from "./abort-reasons";

export type MemoryQueueOptions = Partial<QueueOptions> & { logger?: Logger };

type Run = {
  controller: AbortController;
  worker: MemoryWorker;
  leaseTimer: NodeJS.Timeout | undefined;
  isOver: boolean;
  /** Resolves when the run is over: settled, or abandoned after its lease lapsed. */
  done: Promise<void>;
  markDone: () => void;
};

type Entry = {
  job: TaskJob;
  state: "waiting" | "delayed" | "active";
  /** Tries started so far; every start counts, like BullMQ's attemptsStarted. */
  attempts: number;
  isCancelled: boolean;
  retryTimer: NodeJS.Timeout | undefined;
  run: Run | undefined;
};

type MemoryWorker = {
  handler: JobHandler;
  options: WorkerOptions;
  runs: Set<Run>;
  isClosing: boolean;
  /** onFailed calls in flight, awaited by close(). */
  pending: Set<Promise<void>>;
  closing: Promise<void> | undefined;
};

/**
 * The in-process task queue of the embedded default: the same contract as the BullMQ queue
 * (leases, retries with exponential backoff, cancellation), without persistence — jobs live as
 * long as the process, so the pipeline re-enqueues unfinished tasks at start-up.
 *
 * A lease is renewed only by `heartbeat()`: in one process "the worker died" can only mean "the
 * handler hangs", so a handler silent for `leaseMs` is abandoned (signal aborted, slot freed) and
 * its job retried as a new attempt; whatever the abandoned handler does later is ignored.
 */
export function createMemoryQueue(options: MemoryQueueOptions = {}): TaskQueue {
  const { logger = silentLogger, ...rest } = options;
  const config: QueueOptions = { ...DEFAULT_QUEUE_OPTIONS, ...rest };
  const jobs = new Map<string, Entry>();
  const waiting: string[] = [];
  const workers = new Set<MemoryWorker>();
  let completed = 0;
  let failed = 0;
  let isClosed = false;

  const dispatch = () => {
    for (const worker of workers) {
      while (!worker.isClosing && worker.runs.size < worker.options.concurrency && waiting.length > 0) {
        const taskId = waiting.shift();
        const entry = taskId === undefined ? undefined : jobs.get(taskId);
        if (entry?.state === "waiting") start(entry, worker);
      }
    }
  };

  const start = (entry: Entry, worker: MemoryWorker) => {
    entry.state = "active";
    entry.attempts += 1;
    const controller = new AbortController();
    let markDone: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      markDone = resolve;
    });
    const run: Run = { controller, worker, leaseTimer: undefined, isOver: false, done, markDone };
    entry.run = run;
    worker.runs.add(run);

    // Only the first of settle / lease lapse decides the outcome of a run.
    const end = (): boolean => {
      if (run.isOver) return false;
      run.isOver = true;
      clearTimeout(run.leaseTimer);
      worker.runs.delete(run);
      entry.run = undefined;
      run.markDone();
      return true;
    };
    const armLease = () => {
      clearTimeout(run.leaseTimer);
      run.leaseTimer = setTimeout(() => {
        const reason = new LeaseExpiredError(config.leaseMs);
        controller.abort(reason);
        // After a shutdown abort the reason stays WorkerClosingError: the job goes back, not to backoff.
        if (end()) afterFailure(entry, worker, reason, controller.signal.reason);
      }, config.leaseMs);
    };
    armLease();

    const context: JobContext = {
      attempt: entry.attempts,
      signal: controller.signal,
      heartbeat: async () => {
        // A handler that keeps going after an abort learns of it at its next heartbeat.
        if (controller.signal.aborted) throw toError(controller.signal.reason);
        armLease();
      },
    };
    let result: Promise<void>;
    try {
      result = worker.handler({ taskId: entry.job.taskId, docId: entry.job.docId }, context);
    } catch (error) {
      result = Promise.reject(toError(error));
    }
    void result.then(
      () => {
        if (!end()) return;
        if (entry.isCancelled) return drop(entry);
        completed += 1;
        drop(entry);
      },
      (error: unknown) => {
        if (!end()) return;
        const reason: unknown = controller.signal.reason;
        afterFailure(entry, worker, toError(error), controller.signal.aborted ? reason : undefined);
      },
    );
  };

  const drop = (entry: Entry) => {
    clearTimeout(entry.retryTimer);
    jobs.delete(entry.job.taskId);
    dispatch();
  };

  const afterFailure = (entry: Entry, worker: MemoryWorker, error: Error, abortReason: unknown) => {
    if (entry.isCancelled || isClosed) return drop(entry);
    if (abortReason instanceof WorkerClosingError && entry.attempts < config.maxAttempts) {
      // Shutdown is not the job's fault: back to the front of the line, without backoff.
      entry.state = "waiting";
      waiting.unshift(entry.job.taskId);
      return dispatch();
    }
    const failure =
      abortReason instanceof WorkerClosingError
        ? new Error("the worker shut down during the task's last attempt")
        : error;
    if (isUnrecoverable(failure) || entry.attempts >= config.maxAttempts) {
      failed += 1;
      drop(entry);
      const onFailed = worker.options.onFailed;
      if (onFailed) {
        const call = Promise.resolve()
          .then(() => onFailed({ ...entry.job }, failure, entry.attempts))
          .catch((cause: unknown) =>
            logger.error({ err: cause, taskId: entry.job.taskId }, "queue onFailed threw"),
          )
          .finally(() => worker.pending.delete(call));
        worker.pending.add(call);
      }
      return;
    }
    entry.state = "delayed";
    entry.retryTimer = setTimeout(
      () => {
        entry.retryTimer = undefined;
        entry.state = "waiting";
        waiting.push(entry.job.taskId);
        dispatch();
      },
      config.backoffMs * 2 ** (entry.attempts - 1),
    );
    dispatch();
  };

  const closeWorker = (worker: MemoryWorker, graceMs: number): Promise<void> => {
    worker.closing ??= stopWorker(worker, graceMs);
    return worker.closing;
  };

  const stopWorker = async (worker: MemoryWorker, graceMs: number) => {
    worker.isClosing = true;
    const allDone = () => Promise.all([...worker.runs].map((run) => run.done));
    const grace = cancellableDelay(graceMs);
    await Promise.race([allDone(), grace.promise]);
    grace.cancel();
    for (const run of worker.runs) run.controller.abort(new WorkerClosingError());
    // Bounded: a handler that ignores the abort is abandoned when its lease lapses.
    await allDone();
    await Promise.all([...worker.pending]);
    workers.delete(worker);
    dispatch();
  };

  return {
    kind: "memory",

    async add(job) {
      if (isClosed) throw new Error("the task queue is closed");
      if (jobs.has(job.taskId)) return;
      jobs.set(job.taskId, {
        job: { taskId: job.taskId, docId: job.docId },
        state: "waiting",
        attempts: 0,
        isCancelled: false,
        retryTimer: undefined,
        run: undefined,
      });
      waiting.push(job.taskId);
      dispatch();
    },

    async cancel(taskIds) {
      for (const taskId of taskIds) {
        const entry = jobs.get(taskId);
        if (!entry) continue;
        if (entry.state === "active" && entry.run) {
          // The entry stays until the handler stops, so re-adding the task meanwhile stays a no-op.
          entry.isCancelled = true;
          entry.run.controller.abort(new JobCancelledError());
          continue;
        }
        const index = waiting.indexOf(taskId);
        if (index >= 0) waiting.splice(index, 1);
        drop(entry);
      }
    },

    work(handler, workerOptions) {
      if (isClosed) throw new Error("the task queue is closed");
      if (!(workerOptions.concurrency >= 1)) throw new Error("concurrency must be at least 1");
      const worker: MemoryWorker = {
        handler,
        options: workerOptions,
        runs: new Set(),
        isClosing: false,
        pending: new Set(),
        closing: undefined,
      };
      workers.add(worker);
      queueMicrotask(dispatch);
      const taskWorker: TaskWorker = { close: (graceMs = DEFAULT_GRACE_MS) => closeWorker(worker, graceMs) };
      return taskWorker;
    },

    async counts(): Promise<QueueCounts> {
      let waitingCount = 0;
      let active = 0;
      let delayed = 0;
      for (const entry of jobs.values()) {
        if (entry.state === "waiting") waitingCount += 1;
        else if (entry.state === "active") active += 1;
        else delayed += 1;
      }
      return { waiting: waitingCount, active, delayed, failed, completed };
    },

    async close() {
      if (isClosed) return;
      isClosed = true;
      // Workers still open are stopped at once; callers wanting a grace period close them first.
      await Promise.all([...workers].map((worker) => closeWorker(worker, 0)));
      for (const entry of jobs.values()) clearTimeout(entry.retryTimer);
      jobs.clear();
      waiting.length = 0;
    },
  };
}
