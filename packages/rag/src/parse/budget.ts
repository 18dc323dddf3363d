import { ParseError } from "../errors";
import type { ParseOptions } from "./types";

export const DEFAULT_MAX_PAGES = 5000;
export const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * The time and cancellation budget of one parse. Parsers call `check()` between units of work
 * (pages, slides, sheets) and wrap library calls in `race()`: a library call that never yields
 * cannot be interrupted in-process, but an async one that stalls no longer holds the caller.
 */
export type Budget = {
  check(): void;
  race<T>(work: Promise<T>): Promise<T>;
  maxPages: number;
  filename: string;
};

export function createBudget(options: ParseOptions): Budget {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const { signal, filename } = options;

  const timeoutError = () =>
    new ParseError("TIMEOUT", `parsing "${filename}" took longer than ${timeoutMs} ms`, {
      filename,
      limit: timeoutMs,
    });
  const abortError = () => new ParseError("ABORTED", `parsing "${filename}" was cancelled`, { filename });

  const check = () => {
    if (signal?.aborted) throw abortError();
    if (Date.now() > deadline) throw timeoutError();
  };

  const race = <T>(work: Promise<T>): Promise<T> => {
    check();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(timeoutError()), Math.max(0, deadline - Date.now()));
      const onAbort = () => reject(abortError());
      signal?.addEventListener("abort", onAbort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      work.then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  };

  return { check, race, maxPages: options.maxPages ?? DEFAULT_MAX_PAGES, filename };
}

export function assertPageCount(count: number, budget: Budget, unit = "pages"): void {
  if (count > budget.maxPages) {
    throw new ParseError(
      "TOO_MANY_PAGES",
      `"${budget.filename}" has ${count} ${unit}, more than the limit of ${budget.maxPages}`,
      { filename: budget.filename, limit: budget.maxPages, actual: count },
    );
  }
}

/** Whether 1-based page `n` falls in the requested ranges (all pages when none are given). */
export function isPageWanted(n: number, ranges: ParseOptions["pages"]): boolean {
  if (!ranges || ranges.length === 0) return true;
  return ranges.some(([from, to]) => n >= from && n <= to);
}
