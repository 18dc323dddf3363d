import type { ParsedDocument } from "../parse/types";
import { toChunk, unitPiece } from "./merge";
import { chunkNaive } from "./naive";
import type { Chunk, ChunkConfig } from "./types";
import { documentUnits } from "./units";

/**
 * "Column: value" pairs, so a row read alone still says what each figure is ("Region: EMEA;
 * Revenue: 1,204"). Empty cells are left out; without a header the cells are joined as they are.
 */
export function rowContent(cells: string[], header: string[] | undefined): string {
  if (!header) return cells.filter((c) => c !== "").join(" | ");
  return cells
    .map((cell, i) => [header[i] ?? `Column ${i + 1}`, cell] as const)
    .filter(([, cell]) => cell !== "")
    .map(([name, cell]) => `${name}: ${cell}`)
    .join("; ");
}

/**
 * Tables (RAGFlow "Table"): one chunk per data row, header-aware; the sheet name or the heading
 * above the table is the chunk's heading. A document without any table rows falls back to
 * `naive` rather than producing nothing.
 */
export function chunkTable(doc: ParsedDocument, config: ChunkConfig): Chunk[] {
  const units = documentUnits(doc);
  if (!units.some((u) => u.kind === "row" && !u.isHeader)) return chunkNaive(doc, config);
  const chunks: Chunk[] = [];
  let heading: string | undefined;
  for (const u of units) {
    if (u.kind === "heading") heading = u.text;
    if (u.kind !== "row" || u.isHeader || !u.cells) continue;
    const text = rowContent(u.cells, u.header);
    if (text === "") continue;
    const chunk = toChunk([unitPiece(u, text)], heading ? [heading] : []);
    if (chunk) chunks.push(chunk);
  }
  return chunks;
}
