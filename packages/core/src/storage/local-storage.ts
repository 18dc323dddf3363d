import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdir, open, rename, rm, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { BlobNotFoundError, type BlobStorage } from "../ports/blob-storage";
import { assertBlobKey } from "./blob-key";
import { Meter } from "./meter";

/**
 * Blobs as files under `rootDir`, one file per key. The directory is created on first write, so
 * building the adapter has no side effect.
 *
 * Limitation: a key cannot also be a prefix of another key (a path is a file or a folder, not
 * both). Ragtime's keys have a fixed depth per kind, so this never happens in practice.
 */
export function createLocalStorage(rootDir: string): BlobStorage {
  const root = resolve(rootDir);
  // Safe only because the key was validated: 32-hex segments cannot contain "." or "..".
  const pathOf = (key: string) => join(root, key);

  return {
    label: `local:${root}`,

    async put(key, body, options) {
      assertBlobKey(key);
      const target = pathOf(key);
      const dir = dirname(target);
      await mkdir(dir, { recursive: true });
      // Same directory as the target so the rename stays on one file system (atomic); the leading
      // dot and the suffix can never match BLOB_KEY_PATTERN, so readers never see a partial file.
      const temp = join(dir, `.${basename(target)}.${randomUUID()}.partial`);
      const meter = new Meter(options?.maxBytes);
      // Opening first (exclusive) means the file exists before any cleanup can run: a write stream
      // that opens lazily could create it after we have already removed it.
      const handle = await open(temp, "wx");
      // flush: fsync before close, so a crash after the rename cannot leave an empty file under the key.
      const out = handle.createWriteStream({ flush: true });
      try {
        await pipeline(body, meter, out);
        await rename(temp, target);
      } catch (error) {
        if (!out.closed) await once(out, "close");
        await rm(temp, { force: true });
        throw error;
      }
      return meter.result();
    },

    async get(key) {
      assertBlobKey(key);
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        // Open (not stat-then-open) so a concurrent delete cannot slip between the check and the read.
        handle = await open(pathOf(key), "r");
      } catch (error) {
        if (isMissing(error)) throw new BlobNotFoundError(key);
        throw error;
      }
      // Opening a directory succeeds on Linux; it is not a blob.
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new BlobNotFoundError(key);
      }
      return handle.createReadStream() satisfies Readable;
    },

    async stat(key) {
      assertBlobKey(key);
      try {
        const info = await stat(pathOf(key));
        return info.isFile() ? { size: info.size } : undefined;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async delete(key) {
      assertBlobKey(key);
      try {
        await unlink(pathOf(key));
      } catch (error) {
        // A folder under that name is not an object: nothing to delete.
        if (isMissing(error) || errorCode(error) === "EISDIR") return;
        throw error;
      }
    },

    async deletePrefix(prefix) {
      assertBlobKey(prefix);
      // Segments have a fixed length, so "every key starting with prefix" is exactly this folder
      // (or the single file of that name). Leftover temp files from a crash go with it.
      await rm(pathOf(prefix), { recursive: true, force: true });
    },
  };
}

function errorCode(error: unknown): string | undefined {
  if (error instanceof Error && "code" in error && typeof error.code === "string") return error.code;
  return undefined;
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  // ENOTDIR: a segment of the path is a file, so nothing can exist below it.
  return code === "ENOENT" || code === "ENOTDIR";
}
