/**
 * Test backends: PGlite always; PostgreSQL and MariaDB/MySQL when TEST_POSTGRES_URL / TEST_MYSQL_URL
 * are set. Under CI (CI=true) both URLs are required: a missing or unreachable server fails the run,
 * it never skips silently. Each opened backend is a fresh, migrated database of its own.
 */
import { randomBytes } from "node:crypto";
import { createConnection } from "mysql2/promise";
import postgres from "postgres";
import { type DatabaseConnection, type Dialect, openDatabase } from "./client";

export type OpenTestDatabaseOptions = {
  /** false leaves the new database empty, for tests of migrate() itself. Default true. */
  migrate?: boolean;
};

export type TestBackend = {
  dialect: Dialect;
  /** A new database of its own; its close() also drops it. */
  open(options?: OpenTestDatabaseOptions): Promise<TestDatabase>;
};

// Tests are the one place besides core's config that read the environment: they configure themselves.
const env = (name: string) => process.env[name]?.trim() || undefined;

export function testBackends(): TestBackend[] {
  const backends: TestBackend[] = [{ dialect: "pglite", open: openPgliteTest }];
  const pgUrl = env("TEST_POSTGRES_URL");
  const myUrl = env("TEST_MYSQL_URL");
  if (env("CI") === "true" || env("CI") === "1") {
    if (!pgUrl) throw new Error("CI requires TEST_POSTGRES_URL: PostgreSQL tests never skip in CI");
    if (!myUrl) throw new Error("CI requires TEST_MYSQL_URL: MySQL/MariaDB tests never skip in CI");
  }
  if (pgUrl) backends.push({ dialect: "postgres", open: (options) => openPostgresTest(pgUrl, options) });
  if (myUrl) backends.push({ dialect: "mysql", open: (options) => openMysqlTest(myUrl, options) });
  return backends;
}

async function openPgliteTest(options: OpenTestDatabaseOptions = {}): Promise<TestDatabase> {
  const conn = await openDatabase({ url: "pglite://memory" });
  return prepare(conn, options, () => Promise.resolve(), "pglite://memory");
}

/** Migrates unless told not to; drops the database when that fails, so a broken run leaves nothing behind. */
/** A test database, with the URL another process (a worker under test) can connect to. */
export type TestDatabase = DatabaseConnection & { url: string };

async function prepare(
  conn: DatabaseConnection,
  options: OpenTestDatabaseOptions,
  drop: () => Promise<void>,
  url: string,
): Promise<TestDatabase> {
  const close = async () => {
    await conn.close();
    await drop();
  };
  try {
    if (options.migrate ?? true) await conn.migrate();
  } catch (error) {
    await close();
    throw error;
  }
  return { ...conn, close, url };
}

// Random, lowercase and alphanumeric: safe to splice into CREATE/DROP DATABASE, which take no parameters.
const freshName = () => `rt_test_${randomBytes(6).toString("hex")}`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function onPostgres(adminUrl: string, statement: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}

async function onMysql(adminUrl: string, statement: string): Promise<void> {
  const admin = await createConnection({ uri: adminUrl });
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

async function openPostgresTest(
  adminUrl: string,
  options: OpenTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const name = freshName();
  await onPostgres(adminUrl, `CREATE DATABASE ${name}`);
  // FORCE: a test that failed mid-query may still hold connections.
  const drop = () => onPostgres(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  let conn: DatabaseConnection;
  try {
    conn = await openDatabase({ url: withDatabase(adminUrl, name) });
  } catch (error) {
    await drop();
    throw error;
  }
  return prepare(conn, options, drop, withDatabase(adminUrl, name));
}

async function openMysqlTest(adminUrl: string, options: OpenTestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = freshName();
  await onMysql(adminUrl, `CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const drop = () => onMysql(adminUrl, `DROP DATABASE IF EXISTS ${name}`);
  let conn: DatabaseConnection;
  try {
    conn = await openDatabase({ url: withDatabase(adminUrl, name) });
  } catch (error) {
    await drop();
    throw error;
  }
  return prepare(conn, options, drop, withDatabase(adminUrl, name));
}
