import { ParseError } from "../errors";
import { decodeText } from "./decode-text";
import type { Block, ParsedDocument } from "./types";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Deeper structures are written out compactly rather than walked: it bounds the recursion. */
const MAX_DEPTH = 32;

/**
 * Flattens a value into "path: value" lines, which keyword search and readers both handle better
 * than raw JSON punctuation ("authors[0].name: Ada").
 */
function flatten(value: Json, path: string, depth: number, out: string[]): void {
  if (value === null || typeof value !== "object") {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    out.push(path ? `${path}: ${text}` : text);
    return;
  }
  if (depth >= MAX_DEPTH) {
    out.push(`${path}: ${JSON.stringify(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      flatten(v, `${path}[${i}]`, depth + 1, out);
    });
    return;
  }
  for (const [key, v] of Object.entries(value)) flatten(v, path ? `${path}.${key}` : key, depth + 1, out);
}

function toBlock(value: Json, path: string): Block {
  const lines: string[] = [];
  flatten(value, path, 0, lines);
  return { kind: "paragraph", text: lines.join("\n") };
}

/**
 * JSON and JSON Lines. Each element of a top-level array, each top-level key of an object and
 * each line of a .jsonl file becomes its own block, so records are not torn apart by chunking
 * more than necessary.
 */
export function parseJson(bytes: Uint8Array, ext: string, filename: string): ParsedDocument {
  const text = decodeText(bytes);
  const isLines = ext === "jsonl" || ext === "ndjson";
  const blocks: Block[] = [];
  try {
    if (isLines) {
      for (const line of text.split(/\r?\n/))
        if (line.trim() !== "") blocks.push(toBlock(JSON.parse(line) as Json, ""));
    } else {
      const value = JSON.parse(text) as Json;
      if (Array.isArray(value)) for (const v of value) blocks.push(toBlock(v, ""));
      else if (value !== null && typeof value === "object") {
        for (const [key, v] of Object.entries(value)) blocks.push(toBlock(v, key));
      } else blocks.push(toBlock(value, ""));
    }
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ParseError("CORRUPT", `"${filename}" is not valid JSON: ${why}`, { filename }, error);
  }
  const nonEmpty = blocks.filter((b) => b.text.trim() !== "");
  return {
    type: "json",
    pages: [{ number: 1, text: nonEmpty.map((b) => b.text).join("\n"), blocks: nonEmpty }],
    meta: { pageCount: 1 },
  };
}
