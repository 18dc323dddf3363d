/**
 * Vectors are stored as float32 on every backend (pgvector's `vector` is float32), so the exact scans
 * of MySQL and PostgreSQL-without-pgvector score the very same numbers pgvector does.
 */
import { endianness } from "node:os";

/** pgvector stores up to 16 000 dimensions; beyond that no backend could index the vector anyway. */
export const MAX_VECTOR_DIM = 16_000;

/** A float32 copy of `vector`, refusing what cosine cannot score (empty, non-finite, all zeros). */
export function toFloat32(vector: ArrayLike<number>, what = "embedding"): Float32Array {
  const dim = vector.length;
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_VECTOR_DIM) {
    throw new RangeError(`${what} must have 1..${MAX_VECTOR_DIM} dimensions, got ${dim}`);
  }
  const out = new Float32Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    const value = Math.fround(Number(vector[i]));
    if (!Number.isFinite(value)) throw new RangeError(`${what} has a non-finite component at ${i}`);
    out[i] = value;
    norm += value * value;
  }
  // pgvector answers NaN for the cosine of a zero vector: refuse it everywhere instead.
  if (norm === 0) throw new RangeError(`${what} is the zero vector, which has no direction`);
  return out;
}

const isLittleEndian = endianness() === "LE";

/** Base64 of the little-endian float32s (the exact-scan store, `chunks.vector_data`). */
export function encodeVector(vector: Float32Array): string {
  if (isLittleEndian)
    return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64");
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i] ?? 0, i * 4);
  return bytes.toString("base64");
}

export function decodeVector(data: string): Float32Array {
  const bytes = Buffer.from(data, "base64");
  const out = new Float32Array(bytes.length >> 2);
  if (isLittleEndian) {
    // Copy into fresh storage: Buffer's pool gives no 4-byte alignment guarantee for a view.
    new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 4));
  } else {
    for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  }
  return out;
}

/** pgvector's text form. Nine significant digits round-trip any float32 exactly. */
export function toPgVector(vector: Float32Array): string {
  let out = "[";
  for (let i = 0; i < vector.length; i++) {
    if (i > 0) out += ",";
    out += (vector[i] ?? 0).toPrecision(9);
  }
  return `${out}]`;
}

export function vectorNorm(vector: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) {
    const v = vector[i] ?? 0;
    sum += v * v;
  }
  return Math.sqrt(sum);
}
