import { BLOB_KEY_PATTERN } from "../ports/blob-storage";

/** A key or prefix that is not made of ids: a bug in the caller, never something a user can cause. */
export class InvalidBlobKeyError extends Error {
  constructor(readonly key: string) {
    super(`invalid blob key ${JSON.stringify(key.slice(0, 200))}`);
    this.name = "InvalidBlobKeyError";
  }
}

/**
 * Every adapter checks keys before touching disk or network: a key that only ever contains
 * 32-hex segments cannot climb out of the store (`..`), name a hidden temp file, or carry
 * separators that S3 and a file system would read differently.
 */
export function assertBlobKey(key: string): void {
  if (!BLOB_KEY_PATTERN.test(key)) throw new InvalidBlobKeyError(key);
}
