import type { Deps } from "../deps";

/**
 * A stored file in memory, for parsers that need all of it (pdf.js, zip readers). Bounded by the
 * upload limit, so a worker never holds more than one maximal file per running task.
 */
export async function readBlob(deps: Deps, key: string): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const chunk of await deps.storage.get(key)) parts.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(parts));
}
