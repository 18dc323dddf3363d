import { randomBytes } from "node:crypto";

/**
 * A new id: UUIDv7 as 32 lowercase hex characters without dashes — time-ordered (good index
 * locality) and the shape of RAGFlow's ids.
 */
export function newId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70; // version 7
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  return bytes.toString("hex");
}

export const ID_PATTERN = /^[0-9a-f]{32}$/;
