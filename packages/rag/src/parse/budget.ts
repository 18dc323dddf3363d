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
  /**
   * Grants `ms` more time, only when the caller kept the default time budget. OCR uses it per
   * image read (a dense scanned page takes 5–15 s on 2 cores), so that a 12-page scanned task is
   * not cut off by a default sized for text layers, while an explicit `timeoutMs` stays a limit.
   */
  extend(ms: number): void;
  maxPages: number;
  filename: string;
};

export function createBudget(options: ParseOptions): Budget {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let deadline = Date.now() + timeoutMs;
  let granted = 0;
  const { signal, filename } = options;

  const timeoutError = () =>
    new ParseError("TIMEOUT", `parsing "${filename}" took longer than ${timeoutMs + granted} ms`, {
      filename,
      limit: timeoutMs + granted,
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

  const extend = (ms: number) => {
    if (options.timeoutMs !== undefined) return;
    deadline += ms;
    granted += ms;
  };

  return { check, race, extend, maxPages: options.maxPages ?? DEFAULT_MAX_PAGES, filename };
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
