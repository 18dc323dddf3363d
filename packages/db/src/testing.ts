/**
 * Test backends: PGlite always; PostgreSQL and MariaDB/MySQL when TEST_POSTGRES_URL / TEST_MYSQL_URL
 * are set. Under CI (CI=true) both URLs are required: a missing or unreachable server fails the run,
 * it never skips silently. Each opened backend is a fresh, migrated database of its own.
 */
import { randomBytes } from "node:crypto";
import { createConnection } from "mysql2/promise";
import postgres from "postgres";
import { type DatabaseConnection, type Dialect, openDatabase } from "./client";

export type TestBackend = { dialect: Dialect; open(): Promise<DatabaseConnection> };

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
  if (pgUrl) backends.push({ dialect: "postgres", open: () => openPostgresTest(pgUrl) });
  if (myUrl) backends.push({ dialect: "mysql", open: () => openMysqlTest(myUrl) });
  return backends;
}

async function openPgliteTest(): Promise<DatabaseConnection> {
  const conn = await openDatabase({ url: "pglite://memory" });
  await conn.migrate();
  return conn;
}

const freshName = () => `rt_test_${randomBytes(6).toString("hex")}`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function openPostgresTest(adminUrl: string): Promise<DatabaseConnection> {
  const name = freshName();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const conn = await openDatabase({ url: withDatabase(adminUrl, name) });
  await conn.migrate();
  return {
    ...conn,
    close: async () => {
      await conn.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

async function openMysqlTest(adminUrl: string): Promise<DatabaseConnection> {
  const name = freshName();
  const admin = await createConnection({ uri: adminUrl });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  await admin.end();
  const conn = await openDatabase({ url: withDatabase(adminUrl, name) });
  await conn.migrate();
  return {
    ...conn,
    close: async () => {
      await conn.close();
      const dropper = await createConnection({ uri: adminUrl });
      await dropper.query(`DROP DATABASE IF EXISTS ${name}`);
      await dropper.end();
    },
  };
}
