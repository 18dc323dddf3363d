import type { Block } from "./types";

const isNumberLike = (s: string) => /^[-+(]?[$€£¥]?\s?[\d.,]+%?\)?$/.test(s.trim());

/**
 * Whether the first row of a grid reads as column names: every cell filled, no figures, no
 * repeats, and at least one more row below. A sheet of bare data (QA pairs with no titles)
 * then keeps its first row as data.
 */
export function looksLikeHeader(rows: string[][]): boolean {
  const [first, second] = rows;
  if (!first || !second || first.length < 1) return false;
  const filled = first.filter((c) => c.trim() !== "");
  if (filled.length !== first.length) return false;
  if (filled.some(isNumberLike)) return false;
  if (new Set(filled.map((c) => c.toLowerCase())).size !== filled.length) return false;
  return filled.every((c) => c.length <= 80);
}

/** Rows of one grid as row blocks, attaching the header to each data row when there is one. */
export function gridToBlocks(rows: string[][], table = 1): Block[] {
  const hasHeader = looksLikeHeader(rows);
  const header = hasHeader ? rows[0] : undefined;
  return rows.map((cells, i) => {
    const block: Block = { kind: "row", text: cells.join(" | "), cells, table };
    if (i === 0 && hasHeader) block.isHeader = true;
    else if (header) block.header = header;
    return block;
  });
}

/** Drops trailing empty cells and rows that are entirely empty. */
export function trimGrid(rows: string[][]): string[][] {
  const out: string[][] = [];
  for (const row of rows) {
    let end = row.length;
    while (end > 0 && (row[end - 1] ?? "").trim() === "") end--;
    if (end > 0) out.push(row.slice(0, end).map((c) => c.trim()));
  }
  return out;
}
