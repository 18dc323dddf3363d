import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { createSecretBox, maskSecret, secretBoxFor } from "../src/models/crypto";

const SECRET = "a server secret of at least thirty-two characters";

describe("provider key encryption (AES-256-GCM, HKDF-derived key)", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("round-trips, never stores the key in clear, and uses a fresh IV each time", () => {
    const box = createSecretBox(SECRET);
    const key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    const one = box.encrypt(key, "tenant/provider");
    const two = box.encrypt(key, "tenant/provider");
    expect(one).not.toContain(key);
    expect(one).not.toContain(Buffer.from(key).toString("base64"));
    expect(one).not.toBe(two);
    expect(box.decrypt(one, "tenant/provider")).toBe(key);
    expect(box.decrypt(two, "tenant/provider")).toBe(key);
  });

  it("refuses another secret, another row's context and a tampered ciphertext", () => {
    const stored = createSecretBox(SECRET).encrypt("sk-secret-value", "t1/p1");
    expect(() => createSecretBox(`${SECRET}!`).decrypt(stored, "t1/p1")).toThrow();
    expect(() => createSecretBox(SECRET).decrypt(stored, "t2/p1")).toThrow();
    const tampered = `${stored.slice(0, -2)}${stored.endsWith("A") ? "B" : "A"}${stored.slice(-1)}`;
    expect(() => createSecretBox(SECRET).decrypt(tampered, "t1/p1")).toThrow();
  });

  it("without SECRET_KEY outside production, generates one secret file (mode 600) and reuses it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ragtime-secret-"));
    dirs.push(dir);
    const config = { SECRET_KEY: undefined, DATA_DIR: dir };
    const stored = secretBoxFor(config).encrypt("sk-live-123456789", "t/p");
    const file = path.join(dir, "secret-key");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, "utf8")).trim().length).toBeGreaterThanOrEqual(32);
    // A "restarted" process (fresh box from the same file) still decrypts.
    const secret = (await readFile(file, "utf8")).trim();
    expect(createSecretBox(secret).decrypt(stored, "t/p")).toBe("sk-live-123456789");
  });

  it("production refuses to start without SECRET_KEY; a short one is refused everywhere", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/SECRET_KEY/);
    expect(() => loadConfig({ SECRET_KEY: "short" })).toThrow(/SECRET_KEY/);
    expect(loadConfig({ NODE_ENV: "production", SECRET_KEY: SECRET }).SECRET_KEY).toBe(SECRET);
    expect(loadConfig({}).SECRET_KEY).toBeUndefined();
  });

  it("masks keys to their usual prefix and last characters", () => {
    expect(maskSecret("sk-proj-abcdefghijklmnopqrstuvwxyzabcd")).toBe("sk-proj-…abcd");
    expect(maskSecret("sk-ant-api03-0123456789abcdefWXYZ")).toBe("sk-ant-…WXYZ");
    expect(maskSecret("0123456789")).toBe("…89");
    expect(maskSecret("short")).toBe("…");
  });
});
