// Provider API keys at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the server secret.
// The stored form is `v1.<base64url(iv ‖ ciphertext ‖ tag)>`; the tenant and provider ids are the
// associated data, so a ciphertext copied into another row (or another tenant) does not decrypt.

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SECRET_FILE = "secret-key";

export type SecretBox = {
  encrypt(plaintext: string, context: string): string;
  /** Throws when the ciphertext was not made by this secret for this context. */
  decrypt(stored: string, context: string): string;
};

/** The AES key for provider API keys: HKDF of the server secret, so the secret itself never keys AES. */
export function createSecretBox(serverSecret: string): SecretBox {
  const key = Buffer.from(
    hkdfSync("sha256", Buffer.from(serverSecret, "utf8"), "ragtime", "ragtime/model-provider-api-key/v1", 32),
  );
  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`;
    },
    decrypt(stored, context) {
      const [version, payload] = stored.split(".");
      if (version !== VERSION || payload === undefined) throw new Error("unknown encrypted key format");
      const raw = Buffer.from(payload, "base64url");
      if (raw.length < IV_BYTES + TAG_BYTES) throw new Error("truncated encrypted key");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString("utf8");
    },
  };
}

const boxes = new Map<string, SecretBox>();

/**
 * The secret box of this process: SECRET_KEY, or (outside production, where the configuration
 * requires SECRET_KEY) a secret generated once into `DATA_DIR/secret-key` (mode 600) and read back
 * on every later start, so that keys saved before a restart still decrypt. Created with O_EXCL:
 * two processes starting at once on one DATA_DIR agree on the same secret.
 */
export function secretBoxFor(config: Pick<Config, "SECRET_KEY" | "DATA_DIR">): SecretBox {
  const cacheKey = config.SECRET_KEY === undefined ? `file:${config.DATA_DIR}` : `env:${config.SECRET_KEY}`;
  let box = boxes.get(cacheKey);
  if (!box) {
    box = createSecretBox(config.SECRET_KEY ?? readOrCreateSecretFile(config.DATA_DIR));
    boxes.set(cacheKey, box);
  }
  return box;
}

function readOrCreateSecretFile(dataDir: string): string {
  const file = path.join(path.resolve(dataDir), SECRET_FILE);
  try {
    return readSecret(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(48).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readSecret(file);
}

function readSecret(file: string): string {
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable secret (at least 32 characters)`);
  return secret;
}

/**
 * What a user may see of a key: its usual prefix (`sk-`, `sk-ant-`, …) and last 4 characters.
 * Short keys show only the last 2: never more than a third of a key.
 */
export function maskSecret(secret: string): string {
  const prefix = /^(sk-ant-|sk-proj-|sk-|rt-|gsk_|xai-|pa-|jina_)/.exec(secret)?.[0] ?? "";
  const tail = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0;
  return `${prefix}…${tail > 0 ? secret.slice(-tail) : ""}`;
}
