import { Inflate } from "fflate";
import { ParseError } from "../errors";
import type { ZipLimits } from "./types";

export const DEFAULT_ZIP_LIMITS = {
  maxUncompressedBytes: 512 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxEntries: 20_000,
} as const satisfies Required<ZipLimits>;

/** Entries at or below this size may compress as well as they like (a run of zeros is legal). */
const RATIO_FLOOR_BYTES = 1024 * 1024;
/**
 * Compressed input is fed to the inflater in slices sized to what the entry may still produce
 * (1/64 of its remaining declared size, within 1–64 KiB). Deflate expands at most ~1032:1, so an
 * entry that lies about a small size gets 1 KiB slices and is caught within ~1 MiB of output,
 * while honest large entries get big slices (fflate's streaming inflater is slow on small pushes).
 */
const MIN_SLICE = 1024;
const MAX_SLICE = 64 * 1024;

export type ZipEntry = {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  dataOffset: number;
  isEncrypted: boolean;
};

const u16 = (b: Uint8Array, o: number) => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, o: number) => (u16(b, o) | (u16(b, o + 2) << 16)) >>> 0;

const corrupt = (filename: string, why: string) =>
  new ParseError("CORRUPT", `"${filename}" is not a readable zip archive: ${why}`, { filename });

/**
 * Reads the central directory only (no inflation). Used by `sniff` to tell DOCX/XLSX/PPTX apart
 * and by the guard below. Offsets are checked against the buffer so a forged directory cannot
 * send reads out of range.
 */
export function listZipEntries(bytes: Uint8Array, filename: string): ZipEntry[] {
  let eocd = -1;
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt(filename, "no end-of-central-directory record");
  const count = u16(bytes, eocd + 10);
  const dirOffset = u32(bytes, eocd + 16);
  // Office files never need ZIP64 (they are far below 4 GiB); a ZIP64 marker here is a red flag.
  if (count === 0xffff || dirOffset === 0xffffffff)
    throw corrupt(filename, "ZIP64 archives are not accepted");
  if (dirOffset >= bytes.length) throw corrupt(filename, "central directory out of range");

  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw corrupt(filename, "bad directory entry");
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const compressedSize = u32(bytes, p + 20);
    const declaredSize = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const localOffset = u32(bytes, p + 42);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    if (localOffset + 30 > bytes.length || u32(bytes, localOffset) !== 0x04034b50) {
      throw corrupt(filename, `bad local header for ${name}`);
    }
    const dataOffset = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
    if (dataOffset + compressedSize > bytes.length) throw corrupt(filename, `${name} runs past the end`);
    entries.push({ name, method, compressedSize, declaredSize, dataOffset, isEncrypted: (flags & 1) === 1 });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const bomb = (filename: string, why: string, limit?: number, actual?: number) =>
  new ParseError("ZIP_BOMB", `"${filename}" was refused: ${why}`, {
    filename,
    ...(limit === undefined ? {} : { limit }),
    ...(actual === undefined ? {} : { actual }),
  });

/**
 * Checks a zip before any library inflates it, and returns the entries `keep` asks for.
 *
 * Declared sizes are checked first (cheap, catches ordinary bombs without inflating a byte); then
 * every entry is inflated in bounded slices and counted, because the declared sizes are written by
 * the attacker: an entry that inflates past what it declared is refused on the spot. mammoth and
 * exceljs inflate with no limit of their own, so they only ever see archives that passed here.
 */
export function guardZip(
  bytes: Uint8Array,
  filename: string,
  limits: ZipLimits = {},
  keep: (name: string) => boolean = () => false,
): Map<string, Uint8Array> {
  const maxTotal = limits.maxUncompressedBytes ?? DEFAULT_ZIP_LIMITS.maxUncompressedBytes;
  const maxRatio = limits.maxCompressionRatio ?? DEFAULT_ZIP_LIMITS.maxCompressionRatio;
  const maxEntries = limits.maxEntries ?? DEFAULT_ZIP_LIMITS.maxEntries;
  const entries = listZipEntries(bytes, filename);
  if (entries.length > maxEntries) {
    throw bomb(
      filename,
      `${entries.length} archive entries (limit ${maxEntries})`,
      maxEntries,
      entries.length,
    );
  }

  let declaredTotal = 0;
  for (const e of entries) {
    if (e.isEncrypted) throw new ParseError("ENCRYPTED", `"${filename}" is password-protected`, { filename });
    if (e.method !== 0 && e.method !== 8)
      throw corrupt(filename, `unsupported compression method ${e.method}`);
    declaredTotal += e.declaredSize;
    checkRatio(filename, e.name, e.declaredSize, e.compressedSize, maxRatio);
  }
  if (declaredTotal > maxTotal) {
    throw bomb(
      filename,
      `it would inflate to ${declaredTotal} bytes (limit ${maxTotal})`,
      maxTotal,
      declaredTotal,
    );
  }

  const kept = new Map<string, Uint8Array>();
  let total = 0;
  for (const e of entries) {
    const data = bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    const isKept = keep(e.name);
    if (e.method === 0) {
      if (e.compressedSize !== e.declaredSize) throw corrupt(filename, `${e.name} has inconsistent sizes`);
      total += e.compressedSize;
      if (isKept) kept.set(e.name, data);
      continue;
    }
    const parts: Uint8Array[] = [];
    let produced = 0;
    let isOver = false;
    const inflater = new Inflate((chunk) => {
      produced += chunk.length;
      if (produced > e.declaredSize) isOver = true;
      else if (isKept) parts.push(chunk.slice());
    });
    try {
      let o = 0;
      while (o < data.length && !isOver) {
        const slice = Math.min(MAX_SLICE, MIN_SLICE + Math.floor((e.declaredSize - produced) / 64));
        const end = Math.min(data.length, o + slice);
        inflater.push(data.subarray(o, end), end === data.length);
        o = end;
      }
    } catch (cause) {
      throw new ParseError("CORRUPT", `"${filename}": entry ${e.name} does not inflate`, { filename }, cause);
    }
    if (isOver) {
      throw bomb(filename, `entry ${e.name} inflates past its declared size of ${e.declaredSize} bytes`);
    }
    total += produced;
    if (total > maxTotal) throw bomb(filename, `it inflates past ${maxTotal} bytes`, maxTotal, total);
    if (isKept) kept.set(e.name, concat(parts, produced));
  }
  return kept;
}

function checkRatio(
  filename: string,
  name: string,
  size: number,
  compressed: number,
  maxRatio: number,
): void {
  if (size <= RATIO_FLOOR_BYTES) return;
  const ratio = size / Math.max(1, compressed);
  if (ratio > maxRatio) {
    throw bomb(
      filename,
      `entry ${name} has a compression ratio of ${Math.round(ratio)}:1 (limit ${maxRatio}:1)`,
    );
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(length);
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}
