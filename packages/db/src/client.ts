import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Pool, RowDataPacket } from "mysql2/promise";
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
const MYSQL_MIGRATION_LOCK = `ragtime_migrate_${MIGRATION_LOCK_ID}`;
const MIGRATION_LOCK_TIMEOUT_S = 120;

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
    // Without a host the rest is an opaque path, e.g. a mistyped "postgres:user:password@host/db".
    if (!u.hostname) return `${u.protocol} (no host)`;
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
  throw new Error(
    `Unsupported DATABASE_URL scheme in ${describeUrl(url)}: use postgres://, mysql:// or none`,
  );
}

// Each dialect's driver is imported when it is used: start-up loads one driver, not three
// (drizzle's driver modules alone cost ≈ 0.4 s each to load on these machines).
async function openPglite(url: string, dataDir: string): Promise<DatabaseConnection> {
  const [{ PGlite }, { vector }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite-pgvector"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  const inMemory = url === "pglite://memory" || dataDir === "memory";
  let dir: string | undefined;
  if (!inMemory) {
    dir = path.resolve(dataDir, "pg");
    mkdirSync(dir, { recursive: true });
  }
  // A new data directory starts from the template written at install (already initialised and
  // migrated): ≈ 1 s instead of ≈ 2–3 s of initdb on these machines. Any problem: plain initdb.
  const template = dir && !existsSync(path.join(dir, "PG_VERSION")) ? readTemplate() : undefined;
  let client: InstanceType<typeof PGlite>;
  try {
    client = await PGlite.create({
      ...(dir ? { dataDir: dir } : {}),
      extensions: { vector },
      ...(template ? { loadDataDir: template } : {}),
    });
  } catch (error) {
    if (!template || !dir) throw error;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    client = await PGlite.create({ dataDir: dir, extensions: { vector } });
  }
  await client.exec("CREATE EXTENSION IF NOT EXISTS vector");
  const liteDb = drizzlePglite({ client, casing: "snake_case" });
  // PGlite lives inside this process and has no advisory locks worth the name, so concurrent migrate()
  // calls are queued here: unqueued, both read "nothing applied yet" and the second fails on CREATE TABLE.
  let migrating: Promise<void> = Promise.resolve();
  return {
    ...bindTransactions("pglite", liteDb as unknown as Db, schema.pg),
    label: inMemory ? "pglite (in memory)" : `pglite ${dir}`,
    migrate: () => {
      const run = migrating.then(() => migratePglite(liteDb, { migrationsFolder: migrationsDir("pg") }));
      // The queue continues after a failure; the failure still reaches this caller through `run`.
      migrating = run.catch(() => undefined);
      return run;
    },
    ping: async () => {
      await client.query("select 1");
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<DatabaseConnection> {
  const [{ default: postgres }, { drizzle: drizzlePostgres }, { migrate: migratePostgres }] =
    await Promise.all([
      import("postgres"),
      import("drizzle-orm/postgres-js"),
      import("drizzle-orm/postgres-js/migrator"),
    ]);
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
  const [{ createPool }, { drizzle: drizzleMysql }, { migrate: migrateMysql }] = await Promise.all([
    import("mysql2/promise"),
    import("drizzle-orm/mysql2"),
    import("drizzle-orm/mysql2/migrator"),
  ]);
  const pool: Pool = createPool({
    uri: url.replace(/^mariadb:/, "mysql:"),
    connectionLimit: 10,
    charset: "utf8mb4_unicode_ci",
    // Dates bound as raw parameters are sent as UTC. Columns do not depend on it: drizzle reads DATETIME
    // as a string and appends "Z", and writes Date.toISOString() without the "Z".
    timezone: "Z",
  });
  // DATETIME has no zone: the stored values are UTC, so the session clock (NOW(), CURRENT_TIMESTAMP) must
  // be UTC too or SQL comparing a column with NOW() is off by the server's offset. mysql2 queues commands
  // per connection, so this runs before the first query on every new connection.
  pool.pool.on("connection", (conn) => {
    conn.query("SET time_zone = '+00:00'", (error) => {
      // A connection whose clock is not UTC would give wrong answers quietly: drop it so its queries fail.
      if (error) conn.destroy();
    });
  });
  const myDb = drizzleMysql({ client: pool, casing: "snake_case", mode: "default" });
  return {
    ...bindTransactions("mysql", myDb as unknown as Db, schema.mysql as unknown as schema.Tables),
    label: `mysql ${describeUrl(url)}`,
    migrate: async () => {
      const conn = await pool.getConnection();
      try {
        const [charsetRows] = await conn.query<RowDataPacket[]>(
          "SELECT @@character_set_database AS charset, DATABASE() AS name",
        );
        const database = charsetRows[0];
        if (database?.charset !== "utf8mb4") {
          // Tables inherit the database's character set: anything else silently turns CJK text and
          // emoji into "?" (latin1) or rejects them (utf8mb3), so refuse before creating any table.
          throw new Error(
            `MySQL database ${String(database?.name)} uses character set ${String(database?.charset)}; ` +
              `run ALTER DATABASE \`${String(database?.name)}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
          );
        }
        // GET_LOCK is per connection and released when it closes, so a crashed migrator frees it.
        const [lockRows] = await conn.query<RowDataPacket[]>("SELECT GET_LOCK(?, ?) AS acquired", [
          MYSQL_MIGRATION_LOCK,
          MIGRATION_LOCK_TIMEOUT_S,
        ]);
        if (Number(lockRows[0]?.acquired) !== 1) {
          throw new Error(
            `Another process held the migration lock for ${MIGRATION_LOCK_TIMEOUT_S}s; is a migration stuck?`,
          );
        }
        try {
          await migrateMysql(myDb, { migrationsFolder: migrationsDir("mysql") });
        } finally {
          await conn.query("SELECT RELEASE_LOCK(?)", [MYSQL_MIGRATION_LOCK]);
        }
      } finally {
        conn.release();
      }
    },
    ping: async () => {
      await pool.query("select 1");
    },
    close: () => pool.end(),
  };
}

function numberField(value: unknown, key: string): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === "number" || typeof field === "bigint" ? Number(field) : undefined;
}

/**
 * Rows changed by an update/delete, whatever the driver's result shape: mysql2 gives
 * `[ResultSetHeader, fields]`, PGlite `{ affectedRows }`, postgres.js an array with `count`.
 * mysql2 connects with CLIENT_FOUND_ROWS, so on every backend an update counts the rows it matched,
 * even when they already held the new values.
 */
export function affectedRows(result: unknown): number {
  const mysqlHeader = Array.isArray(result) ? numberField(result[0], "affectedRows") : undefined;
  return mysqlHeader ?? numberField(result, "affectedRows") ?? numberField(result, "count") ?? 0;
}

/** PostgreSQL's SQLSTATE and MySQL's error code for a duplicate key; drizzle wraps them in `cause`. */
const UNIQUE_VIOLATION_CODES = new Set(["23505", "ER_DUP_ENTRY"]);

/**
 * True when `error` (or an error in its `cause` chain) is a unique-constraint violation, on any backend:
 * callers map it to a "already exists" answer instead of a server error.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ("code" in e && typeof e.code === "string" && UNIQUE_VIOLATION_CODES.has(e.code)) return true;
  }
  return false;
}

export { sql };

/** A round trip to the database (health checks). */
export async function pingDatabase(d: Database): Promise<void> {
  await d.db.execute(sql`select 1`);
}

/** Where `pnpm install` leaves a migrated, empty PGlite data directory (git-ignored). */
export const PGLITE_TEMPLATE = fileURLToPath(new URL("../.cache/pglite-template.tar.gz", import.meta.url));

function readTemplate(): Blob | undefined {
  try {
    return new Blob([readFileSync(PGLITE_TEMPLATE)]);
  } catch {
    return undefined;
  }
}

/** Writes the PGlite template: an in-memory database, migrated, dumped as a gzipped tarball. */
export async function writePgliteTemplate(): Promise<string> {
  const [{ PGlite }, { vector }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite-pgvector"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  const client = await PGlite.create({ extensions: { vector } });
  try {
    await client.exec("CREATE EXTENSION IF NOT EXISTS vector");
    await migrate(drizzle({ client, casing: "snake_case" }), { migrationsFolder: migrationsDir("pg") });
    const dump = await client.dumpDataDir("gzip");
    mkdirSync(path.dirname(PGLITE_TEMPLATE), { recursive: true });
    writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
    return PGLITE_TEMPLATE;
  } finally {
    await client.close();
  }
}
