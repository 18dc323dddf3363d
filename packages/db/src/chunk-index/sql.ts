/**
 * Raw-SQL helpers for the chunk index. The index leaves the shared builder subset where speed or
 * semantics demand it (bulk inserts, window functions, pgvector), and always branches on
 * `d.dialect` when it does.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../client";

export type Row = Record<string, unknown>;

const isRow = (value: unknown): value is Row => typeof value === "object" && value !== null;

/** The rows of a raw query, whatever the driver: mysql2 gives [rows, fields], postgres.js the rows, PGlite { rows }. */
export async function queryRows(d: Database, query: SQL): Promise<Row[]> {
  const result: unknown = await d.db.execute(query);
  let rows: unknown = result;
  if (d.dialect === "mysql" && Array.isArray(result)) rows = result[0];
  else if (!Array.isArray(result) && isRow(result)) rows = result.rows;
  return Array.isArray(rows) ? rows.filter(isRow) : [];
}

export async function run(d: Database, query: SQL): Promise<void> {
  await d.db.execute(query);
}

/** A comma-separated parameter list for `IN (…)`; callers guarantee it is not empty. */
export const list = (values: readonly (string | number)[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/**
 * A number as a double-precision parameter. On MySQL a bare `0.75` is an exact DECIMAL, and DECIMAL
 * division keeps only `div_precision_increment` (4) extra digits: BM25 would be computed to 1e-4.
 */
export const double = (d: Database, value: number): SQL =>
  d.dialect === "mysql" ? sql`CAST(${value} AS DOUBLE)` : sql`CAST(${value} AS double precision)`;

export const castDouble = (d: Database, expression: SQL): SQL =>
  d.dialect === "mysql" ? sql`CAST(${expression} AS DOUBLE)` : sql`CAST(${expression} AS double precision)`;

/** A whole JS array as ONE parameter (drizzle expands a bare array into a list), for `unnest($1::text[])`. */
export const arrayParam = (values: readonly unknown[]): SQL => sql`${sql.param(values)}`;

export const asNumber = (value: unknown): number => {
  if (typeof value === "number") return value;
  if (typeof value === "bigint" || typeof value === "string") return Number(value);
  return 0;
};

export const asString = (value: unknown): string => (typeof value === "string" ? value : String(value));

/** MySQL returns booleans as 0/1. */
export const asBoolean = (value: unknown): boolean => value === true || value === 1 || value === "1";

const DEADLOCK_CODES = new Set(["40P01", "40001", "ER_LOCK_DEADLOCK"]);

export function isDeadlock(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ("code" in e && typeof e.code === "string" && DEADLOCK_CODES.has(e.code)) return true;
  }
  return false;
}

/**
 * Runs `fn` in a transaction, again when the database picked it as a deadlock victim. Writers of
 * different documents touch neighbouring postings keys, and InnoDB's gap locks can make two of them
 * wait on each other; the whole write is idempotent, so repeating it is safe.
 */
export async function transactionWithRetry<T>(d: Database, fn: (tx: Database) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await d.transaction(fn);
    } catch (error) {
      if (attempt >= 4 || !isDeadlock(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

/** Splits `items` into slices of at most `size`, so no statement exceeds parameter or packet limits. */
export function* batches<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
