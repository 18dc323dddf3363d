import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { IndexChunkInput } from "@ragtime/db";
import { ParseError, type ParseErrorCode } from "@ragtime/rag";
import type { FromParseWorker, ToParseWorker } from "./parse-protocol";

export type ParseJob = Omit<Extract<ToParseWorker, { type: "parse" }>, "type" | "id">;
export type ParseResult = { pages: number; chunkCount: number; inputs: IndexChunkInput[] };

/** A parse thread idle this long is ended. */
const IDLE_MS = 10_000;

type Pending = {
  job: ParseJob;
  resolve(result: ParseResult): void;
  reject(error: unknown): void;
  signal: AbortSignal;
};
/** A thread and the jobs posted to it (it works through its message queue in order). */
type Slot = { worker: Worker; jobs: Map<number, Pending>; dead: boolean };

/**
 * Worker threads that parse, chunk and tokenize (parse-worker.ts), so that the main thread — where
 * the embedded database runs — only writes. Jobs go to the least loaded thread, which works through
 * them in arrival order; how many are admitted at once is the pipeline's parse gate.
 * Threads start on first use and end after IDLE_MS without work; idle ones never keep the process
 * alive. A thread that dies (out of
 * memory on a hostile file, say) fails the job it held, which the queue retries, and is replaced.
 */
export function createParsePool(options: { threads?: number } = {}) {
  const size = Math.max(1, Math.floor(options.threads ?? Math.max(1, availableParallelism() - 1)));
  const url = new URL(
    `./parse-worker${import.meta.url.slice(import.meta.url.lastIndexOf("."))}`,
    import.meta.url,
  );
  // Sources (.ts) need tsx in the worker: inherited from a parent started with `--import tsx`, added otherwise.
  const execArgv: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i] ?? "";
    if (arg === "--input-type") i++;
    else if (!arg.startsWith("--input-type=")) execArgv.push(arg);
  }
  // (A path that merely contains "tsx", like vitest's own files, does not count.)
  const isTsx = (value: string) => /^(?:.*[\\/])?tsx(?:[\\/].*)?$/.test(value);
  const loadsTsx = execArgv.some(
    (arg, i) =>
      ((execArgv[i - 1] === "--import" || execArgv[i - 1] === "--loader") && isTsx(arg)) ||
      (/^--(?:import|loader)=/.test(arg) && isTsx(arg.slice(arg.indexOf("=") + 1))),
  );
  if (url.pathname.endsWith(".ts") && !loadsTsx) execArgv.push("--import", "tsx");

  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  let idleTimer: NodeJS.Timeout | undefined;
  const refs = () => {
    const busy = queue.length > 0 || slots.some((s) => s.jobs.size > 0);
    for (const slot of slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
    // Threads idle for a while are ended: their memory (~100 MB each after a PDF) goes back to
    // the encoder, which has the cores to itself once parsing is over. The next parse starts one
    // again (≈ 1 s).
    clearTimeout(idleTimer);
    idleTimer = undefined;
    if (!busy && slots.length > 0 && !closed) {
      idleTimer = setTimeout(() => {
        idleTimer = undefined;
        if (queue.length > 0 || slots.some((s) => s.jobs.size > 0)) return;
        for (const slot of slots.splice(0)) {
          slot.dead = true;
          void slot.worker.terminate();
        }
      }, IDLE_MS);
      idleTimer.unref();
    }
  };

  const spawn = (): Slot => {
    const worker = new Worker(url, {
      execArgv,
      name: "ragtime-parser",
      // pdf.js allocates a lot while it works: a roomy old generation, a small young one (RSS).
      resourceLimits: { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 8 },
    });
    const slot: Slot = { worker, jobs: new Map(), dead: false };
    worker.on("message", (message: FromParseWorker) => {
      const current = slot.jobs.get(message.id);
      if (!current) return;
      slot.jobs.delete(message.id);
      if (message.type === "done")
        current.resolve({ pages: message.pages, chunkCount: message.chunkCount, inputs: message.inputs });
      else if (message.code)
        current.reject(
          new ParseError(message.code as ParseErrorCode, message.message, (message.details ?? {}) as never),
        );
      else current.reject(new Error(message.message));
      dispatch();
    });
    const onDeath = (error: unknown) => {
      if (slot.dead) return;
      slot.dead = true;
      slots.splice(slots.indexOf(slot), 1);
      const lost = [...slot.jobs.values()];
      slot.jobs.clear();
      for (const current of lost)
        current.reject(
          new Error(`the parser thread stopped (${error instanceof Error ? error.message : String(error)})`, {
            cause: error,
          }),
        );
      dispatch();
    };
    worker.on("error", onDeath);
    worker.on("exit", (code) => onDeath(new Error(`exit code ${code}`)));
    slots.push(slot);
    return slot;
  };

  const dispatch = () => {
    if (closed) return;
    while (queue.length > 0) {
      // Every job admitted goes to a thread at once (the least loaded; a new one while there are
      // fewer than `size`): a thread always has its next job waiting in its message queue, and
      // never idles while the main thread is busy in a long database statement.
      let slot = slots.reduce<Slot | undefined>(
        (best, s) => (!best || s.jobs.size < best.jobs.size ? s : best),
        undefined,
      );
      if ((!slot || slot.jobs.size > 0) && slots.length < size) slot = spawn();
      if (!slot) break;
      const pending = queue.shift() as Pending;
      if (pending.signal.aborted) {
        pending.reject(pending.signal.reason ?? new Error("aborted"));
        continue;
      }
      const id = nextId++;
      slot.jobs.set(id, pending);
      const message: ToParseWorker = { type: "parse", id, ...pending.job };
      slot.worker.postMessage(message, [pending.job.bytes.buffer as ArrayBuffer]);
      const owner = slot;
      pending.signal.addEventListener(
        "abort",
        () => {
          if (!owner.jobs.has(id)) return;
          // The thread stops between steps; the caller does not wait for it.
          owner.worker.postMessage({ type: "cancel", id } satisfies ToParseWorker);
        },
        { once: true },
      );
    }
    refs();
  };

  return {
    parse(job: ParseJob, signal: AbortSignal): Promise<ParseResult> {
      if (closed) return Promise.reject(new Error("the parse pool is closed"));
      return new Promise<ParseResult>((resolve, reject) => {
        const onAbort = () => reject(signal.reason ?? new Error("aborted"));
        signal.addEventListener("abort", onAbort, { once: true });
        queue.push({
          job,
          signal,
          resolve: (result) => {
            signal.removeEventListener("abort", onAbort);
            resolve(result);
          },
          reject: (error) => {
            signal.removeEventListener("abort", onAbort);
            reject(error);
          },
        });
        dispatch();
      });
    },
    async close() {
      closed = true;
      clearTimeout(idleTimer);
      for (const pending of queue.splice(0)) pending.reject(new Error("the parse pool is closed"));
      const all = slots.splice(0);
      for (const slot of all) {
        slot.dead = true;
        for (const job of slot.jobs.values()) job.reject(new Error("the parse pool is closed"));
      }
      await Promise.all(all.map((slot) => slot.worker.terminate()));
    },
  };
}

export type ParsePool = ReturnType<typeof createParsePool>;
