/** The parts of the connection layer that need no database: URL handling and the test-backend rules. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeUrl, openDatabase } from "../src/client";
import { testBackends } from "../src/testing";

describe("describeUrl", () => {
  it("keeps host, port and database but drops the user, password and options", () => {
    expect(describeUrl("postgres://ragtime:s3cr3t@db.internal:5433/ragtime?sslmode=require")).toBe(
      "postgres://db.internal:5433/ragtime",
    );
    expect(describeUrl("mysql://root:hunter2@127.0.0.1/ragtime")).toBe("mysql://127.0.0.1/ragtime");
  });

  it("never echoes a URL it cannot read, since it may still hold a password", () => {
    expect(describeUrl("user:s3cr3t@db.internal/ragtime")).not.toContain("s3cr3t");
    expect(describeUrl("postgresql:user:s3cr3t@db.internal/ragtime")).toBe("postgresql: (no host)");
    expect(describeUrl("//user:s3cr3t@db.internal")).toBe("(unparseable database URL)");
  });
});

describe("openDatabase", () => {
  it("rejects an unsupported scheme without printing its credentials", async () => {
    const opening = openDatabase({ url: "sqlite://admin:topsecret@localhost/file.db" });
    await expect(opening).rejects.toThrow(/Unsupported DATABASE_URL scheme/);
    await expect(opening).rejects.not.toThrow(/topsecret/);
  });
});

describe("testBackends", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("always includes PGlite, and a server backend only when its URL is set", () => {
    vi.stubEnv("CI", "");
    vi.stubEnv("TEST_POSTGRES_URL", "");
    vi.stubEnv("TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test");
    expect(testBackends().map((b) => b.dialect)).toEqual(["pglite", "mysql"]);
  });

  it("fails under CI when a server URL is missing, instead of skipping its tests", () => {
    vi.stubEnv("CI", "true");
    vi.stubEnv("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");
    vi.stubEnv("TEST_MYSQL_URL", "");
    expect(() => testBackends()).toThrow(/TEST_MYSQL_URL/);
    vi.stubEnv("TEST_POSTGRES_URL", "");
    expect(() => testBackends()).toThrow(/TEST_POSTGRES_URL/);
  });
});
