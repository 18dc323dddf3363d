import ExcelJS from "exceljs";
import { ParseError } from "../errors";
import { assertPageCount, type Budget, isPageWanted } from "./budget";
import { gridToBlocks, trimGrid } from "./table-header";
import type { Block, Page, ParsedDocument, ParseOptions } from "./types";

type CellValue = ExcelJS.CellValue;

function formatDate(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
}

/** The text a reader sees in a cell: formula results, not formulas; rich text flattened. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return formatDate(value);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("hyperlink" in value) return typeof value.text === "string" ? value.text : String(value.hyperlink);
  if ("error" in value) return value.error;
  if ("result" in value && value.result !== undefined) {
    const r = value.result;
    if (r instanceof Date) return formatDate(r);
    return typeof r === "object" ? r.error : String(r);
  }
  return "";
}

/**
 * One page per worksheet (its name as the page title and a heading), each row a row block that
 * knows its header. Only called on archives that passed `guardZip` (exceljs inflates without limits).
 */
export async function parseXlsx(
  bytes: Uint8Array,
  options: ParseOptions,
  budget: Budget,
): Promise<ParsedDocument> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own `Buffer` as an ArrayBuffer, and JSZip inside takes either.
    await budget.race(workbook.xlsx.load(bytes.slice().buffer));
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError(
      "CORRUPT",
      `"${options.filename}" is not a readable Excel workbook`,
      { filename: options.filename },
      error,
    );
  }
  const sheets = workbook.worksheets;
  assertPageCount(sheets.length, budget, "sheets");
  const pages: Page[] = [];
  sheets.forEach((sheet, index) => {
    const number = index + 1;
    if (!isPageWanted(number, options.pages)) return;
    budget.check();
    const grid: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
      grid.push(cells);
    });
    const rows = trimGrid(grid);
    const blocks: Block[] = [{ kind: "heading", text: sheet.name, level: 1 }, ...gridToBlocks(rows)];
    pages.push({ number, title: sheet.name, text: blocks.map((b) => b.text).join("\n"), blocks });
  });
  const creator = workbook.creator?.trim();
  return {
    type: "xlsx",
    pages,
    meta: {
      pageCount: sheets.length,
      ...(workbook.title ? { title: workbook.title } : {}),
      ...(creator ? { author: creator } : {}),
      extra: { sheetNames: sheets.map((s) => s.name) },
    },
  };
}
