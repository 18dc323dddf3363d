import type { Deps } from "../deps";
import { BlobTooLargeError } from "../ports/blob-storage";

/**
 * A stored file in memory, for parsers that need all of it (pdf.js, zip readers). Bounded by the
 * upload limit, so a worker never holds more than one maximal file per running task; `maxBytes`
 * makes the bound explicit (BlobTooLargeError past it).
 */
export async function readBlob(
  deps: Deps,
  key: string,
  maxBytes = deps.config.UPLOAD_MAX_BYTES,
): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of await deps.storage.get(key)) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) throw new BlobTooLargeError(maxBytes);
    parts.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(parts));
}
