import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { BlobTooLargeError } from "../ports/blob-storage";

/**
 * A pass-through that counts bytes and hashes them as they flow. It fails the stream on the first
 * chunk that goes past `maxBytes`, before that chunk reaches the destination, so an oversized body is
 * never fully written anywhere and never buffered to be measured.
 */
export class Meter extends Transform {
  #size = 0;
  readonly #hash = createHash("sha256");
  readonly #maxBytes: number | undefined;

  constructor(maxBytes: number | undefined) {
    super();
    this.#maxBytes = maxBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#maxBytes !== undefined && this.#size > this.#maxBytes) {
      callback(new BlobTooLargeError(this.#maxBytes));
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  /** Call once, after the stream has ended. */
  result(): { size: number; sha256: string } {
    return { size: this.#size, sha256: this.#hash.digest("hex") };
  }
}
