import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { sql } from "drizzle-orm";
import { drizzle as drizzleMysql } from "drizzle-orm/mysql2";
import { migrate as migrateMysql } from "drizzle-orm/mysql2/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { createPool, type Pool } from "mysql2/promise";
import postgres from "postgres";
import * as schema from "./schema/index";

export type Dialect = "pglite" | "postgres" | "mysql";

/**
 * The query builder every data-access function receives. It is typed as PostgreSQL's; on MySQL the
 * same builder calls run on drizzle's MySQL builder over the MySQL tables. Queries stay inside the
 * subset both builders share (select/insert/update/delete, where, order, limit, joins, transactions:
 * no `returning`, no `onConflict…`); the contract suite runs every query on all three backends.
 */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export type Database = {
  readonly dialect: Dialect;
  readonly db: Db;
  /** The tables of the connected dialect (typed as the PostgreSQL ones; row types are identical). */
  readonly t: schema.Tables;
  /** Runs `fn` in one transaction; `fn` receives a Database bound to it. */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
};

export type DatabaseConnection = Database & {
  /** A human label with no secret in it (no password), for logs and the status page. */
  readonly label: string;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = {
  /** postgres://…, mysql://…, or empty/`pglite:` for the embedded database. */
  url?: string | undefined;
  /** Where the embedded database keeps its files (`<dataDir>/pg`); `memory` keeps it in RAM. */
  dataDir?: string | undefined;
};

const migrationsDir = (dialect: "pg" | "mysql") =>
  fileURLToPath(new URL(`../migrations/${dialect}`, import.meta.url));

/** Any number of processes may start together: one migrates while the others wait on this lock. */
const MIGRATION_LOCK_ID = 728_301_997;

function bindTransactions(dialect: Dialect, db: Db, t: schema.Tables): Database {
  const database: Database = {
    dialect,
    db,
    t,
    transaction: (fn) => db.transaction((tx) => fn(bindTransactions(dialect, tx, t))),
  };
  return database;
}

/** Labels a URL for logs without its credentials. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "(unparseable database URL)";
  }
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseConnection> {
  const url = options.url?.trim() ?? "";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return openPostgres(url);
  if (url.startsWith("mysql://") || url.startsWith("mariadb://")) return openMysql(url);
  if (url === "" || url.startsWith("pglite:")) return openPglite(url, options.dataDir ?? "./data");
  throw new Error(`Unsupported DATABASE_URL scheme in ${describeUrl(url)}: use postgres://, mysql:// or none`);
}

async function openPglite(url: string, dataDir: string): Promise<DatabaseConnection> {
  const inMemory = url === "pglite://memory" || dataDir === "memory";
  let dir: string | undefined;
  if (!inMemory) {
    dir = path.resolve(dataDir, "pg");
    mkdirSync(dir, { recursive: true });
  }
  const client = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), extensions: { vector } });
  await client.exec("CREATE EXTENSION IF NOT EXISTS vector");
  const liteDb = drizzlePglite({ client, casing: "snake_case" });
  return {
    ...bindTransactions("pglite", liteDb as unknown as Db, schema.pg),
    label: inMemory ? "pglite (in memory)" : `pglite ${dir}`,
    migrate: () => migratePglite(liteDb, { migrationsFolder: migrationsDir("pg") }),
    ping: async () => {
      await client.query("select 1");
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<DatabaseConnection> {
  const client = postgres(url, { max: 10, onnotice: () => {} });
  const pgDb = drizzlePostgres({ client, casing: "snake_case" });
  return {
    ...bindTransactions("postgres", pgDb as unknown as Db, schema.pg),
    label: `postgres ${describeUrl(url)}`,
    migrate: async () => {
      const reserved = await client.reserve();
      try {
        await reserved`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(pgDb, { migrationsFolder: migrationsDir("pg") });
      } finally {
        await reserved`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
        reserved.release();
      }
    },
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openMysql(url: string): Promise<DatabaseConnection> {
  const pool: Pool = createPool({
    uri: url.replace(/^mariadb:/, "mysql:"),
    connectionLimit: 10,
    // Dates are stored and read as UTC whatever the server's time zone.
    timezone: "Z",
    dateStrings: false,
  });
  const myDb = drizzleMysql({ client: pool, casing: "snake_case", mode: "default" });
  return {
    ...bindTransactions("mysql", myDb as unknown as Db, schema.mysql as unknown as schema.Tables),
    label: `mysql ${describeUrl(url)}`,
    migrate: async () => {
      const conn = await pool.getConnection();
      try {
        await conn.query("SELECT GET_LOCK(?, 120)", [`ragtime_migrate_${MIGRATION_LOCK_ID}`]);
        await migrateMysql(myDb, { migrationsFolder: migrationsDir("mysql") });
      } finally {
        await conn.query("SELECT RELEASE_LOCK(?)", [`ragtime_migrate_${MIGRATION_LOCK_ID}`]);
        conn.release();
      }
    },
    ping: async () => {
      await pool.query("select 1");
    },
    close: () => pool.end(),
  };
}

/** Rows changed by an update/delete, whatever the driver's result shape. */
export function affectedRows(result: unknown): number {
  if (Array.isArray(result) && result[0] && typeof result[0] === "object" && "affectedRows" in result[0]) {
    return Number((result[0] as { affectedRows: number }).affectedRows); // mysql2: [ResultSetHeader, …]
  }
  if (result && typeof result === "object") {
    if ("affectedRows" in result) return Number((result as { affectedRows: number }).affectedRows); // PGlite
    if ("count" in result) return Number((result as { count: number }).count); // postgres.js
  }
  return 0;
}

export { sql };
