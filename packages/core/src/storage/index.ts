import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BlobStorage } from "../ports/blob-storage";
import { createLocalStorage } from "./local-storage";
import { createS3Storage, type S3StorageOptions } from "./s3-storage";

export { assertBlobKey, InvalidBlobKeyError } from "./blob-key";
export { createLocalStorage } from "./local-storage";
export { createS3Storage, type S3StorageOptions } from "./s3-storage";

export type BlobStorageOptions = {
  /** Connection settings for `s3://` URLs; config.ts supplies them, this module never reads the environment. */
  s3?: Omit<S3StorageOptions, "bucket" | "prefix">;
};

/**
 * Picks the adapter from STORAGE_URL (SPEC §10): nothing → `<dataDir>/files`; a path or `file://` URL
 * → that directory; `s3://bucket/optional/prefix` → S3 or any S3-compatible server.
 */
export function createBlobStorage(
  storageUrl: string | undefined,
  dataDir: string,
  options: BlobStorageOptions = {},
): BlobStorage {
  const url = storageUrl?.trim();
  if (!url) return createLocalStorage(resolve(dataDir, "files"));

  if (/^s3:\/\//i.test(url)) {
    const parsed = new URL(url);
    // Secrets in the URL would end up in logs and the status page through the label.
    if (parsed.username || parsed.password) {
      throw new Error(
        "STORAGE_URL must not carry credentials: pass the S3 access key through the S3 settings",
      );
    }
    if (!parsed.hostname) throw new Error(`STORAGE_URL ${url} names no bucket (expected s3://bucket/prefix)`);
    const prefix = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, "");
    return createS3Storage({
      ...options.s3,
      bucket: parsed.hostname,
      ...(prefix ? { prefix } : {}),
    });
  }
  if (/^file:\/\//i.test(url)) return createLocalStorage(fileURLToPath(url));
  // Any other scheme is a typo or an unsupported backend; taking it as a relative path would quietly
  // write files into a folder named "gs:" or "http:".
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new Error(
      `STORAGE_URL scheme not supported: ${url.slice(0, url.indexOf(":"))} (use a path, file:// or s3://)`,
    );
  }
  return createLocalStorage(resolve(url));
}
