import { ParseError } from "../errors";
import { MAX_IMAGE_PIXELS } from "./ocr";

export type RawImage = { bytes: Uint8Array; width: number; height: number; channels: 3 };

/**
 * A small Windows bitmap reader (libvips, under sharp, has none): uncompressed 1/4/8-bit
 * palettes, 16/24/32-bit colour and BI_BITFIELDS masks, bottom-up or top-down, into RGB pixels.
 * RLE-compressed bitmaps (rare outside icons) are refused by name.
 */
export function decodeBmp(bytes: Uint8Array, filename: string): RawImage {
  const bad = (why: string) =>
    new ParseError("CORRUPT", `"${filename}" is not a readable BMP image: ${why}`, { filename });
  if (bytes.length < 26) throw bad("the file is truncated");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  const isCore = headerSize === 12;
  const width = isCore ? view.getUint16(18, true) : view.getInt32(18, true);
  const rawHeight = isCore ? view.getInt16(20, true) : view.getInt32(22, true);
  const bpp = isCore ? view.getUint16(24, true) : view.getUint16(28, true);
  const compression = isCore || bytes.length < 34 ? 0 : view.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const isTopDown = rawHeight < 0;
  if (width <= 0 || height <= 0) throw bad(`its size is ${width}×${rawHeight}`);
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ParseError(
      "CORRUPT",
      `"${filename}" is ${width}×${height} pixels, more than the ${MAX_IMAGE_PIXELS / 1e6} megapixels an image may have`,
      { filename, limit: MAX_IMAGE_PIXELS, actual: width * height },
    );
  }
  if (compression !== 0 && compression !== 3) {
    throw bad(`compression ${compression === 1 || compression === 2 ? "RLE" : compression} is not supported`);
  }
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) throw bad(`${bpp} bits per pixel is not supported`);

  // Channel masks: BI_BITFIELDS stores them after the 40-byte header (or inside a V4/V5 header).
  let masks = bpp === 16 ? [0x7c00, 0x03e0, 0x001f] : [0x00ff0000, 0x0000ff00, 0x000000ff];
  if (compression === 3) {
    const at = 14 + 40;
    if (bytes.length < at + 12) throw bad("the colour masks are missing");
    masks = [view.getUint32(at, true), view.getUint32(at + 4, true), view.getUint32(at + 8, true)];
  }
  const palette: Array<[number, number, number]> = [];
  if (bpp <= 8) {
    const entrySize = isCore ? 3 : 4;
    const declared = isCore ? 0 : view.getUint32(46, true);
    const count = declared > 0 ? Math.min(declared, 256) : 1 << bpp;
    const at = 14 + headerSize;
    for (let i = 0; i < count; i++) {
      const p = at + i * entrySize;
      if (p + 3 > bytes.length) break;
      palette.push([bytes[p + 2] ?? 0, bytes[p + 1] ?? 0, bytes[p] ?? 0]);
    }
  }
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) throw bad("the pixel data is truncated");

  const channel = (value: number, mask: number) => {
    if (mask === 0) return 0;
    const shift = 31 - Math.clz32(mask & -mask); // index of the lowest set bit
    const bits = 32 - Math.clz32(mask >>> shift);
    const v = (value & mask) >>> shift;
    return Math.round((v * 255) / ((1 << bits) - 1 || 1));
  };
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (isTopDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      if (bpp <= 8) {
        const bit = x * bpp;
        const byte = bytes[row + (bit >> 3)] ?? 0;
        const index = (byte >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        [r, g, b] = palette[index] ?? [0, 0, 0];
      } else if (bpp === 24) {
        const p = row + x * 3;
        b = bytes[p] ?? 0;
        g = bytes[p + 1] ?? 0;
        r = bytes[p + 2] ?? 0;
      } else {
        const p = row + (x * bpp) / 8;
        const value = bpp === 16 ? view.getUint16(p, true) : view.getUint32(p, true);
        r = channel(value, masks[0] ?? 0);
        g = channel(value, masks[1] ?? 0);
        b = channel(value, masks[2] ?? 0);
      }
      const o = (y * width + x) * 3;
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
    }
  }
  return { bytes: out, width, height, channels: 3 };
}
