import { decodeText } from "./decode-text";
import { gridToBlocks, trimGrid } from "./table-header";
import type { ParsedDocument } from "./types";

const CANDIDATES = [",", ";", "\t", "|"] as const;

/** The separator that splits the first records into the most, and most consistent, columns. */
export function detectDelimiter(text: string): string {
  const head = text.slice(0, 16_384);
  let best = ",";
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const records = parseCsv(head, d)
      .filter((r) => r.some((c) => c.trim() !== ""))
      .slice(0, 20);
    // The last record of the sample may be cut in the middle.
    if (records.length > 1 && head.length < text.length) records.pop();
    const counts = records.map((r) => r.length - 1);
    const min = Math.min(...counts);
    const score = min > 0 ? min * 10 + counts.filter((n) => n === counts[0]).length : 0;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/** RFC 4180: quoted fields may hold the separator, doubled quotes and newlines. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let isQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (isQuoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else isQuoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") isQuoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * CSV/TSV with our own reader rather than exceljs's: exceljs converts values on the way in
 * (leading zeros of "00123" vanish, date-like strings become dates), and a knowledge base must
 * index what the file says.
 */
export function parseCsvDocument(bytes: Uint8Array, ext: string): ParsedDocument {
  const text = decodeText(bytes);
  const delimiter = ext === "tsv" ? "\t" : detectDelimiter(text);
  const rows = trimGrid(parseCsv(text, delimiter));
  const blocks = gridToBlocks(rows);
  return {
    type: "csv",
    pages: [{ number: 1, text: blocks.map((b) => b.text).join("\n"), blocks }],
    meta: { pageCount: 1 },
  };
}
