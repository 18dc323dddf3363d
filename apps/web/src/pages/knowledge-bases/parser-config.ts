import { BUILTIN_EMBEDDING_MODEL, ZCreateKnowledgeBaseInput, ZParserConfig } from "@ragtime/core/schemas";

type NumberSchema = { minValue: number | null; maxValue: number | null };
function range(schema: NumberSchema): { min: number; max: number } {
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? Number.MAX_SAFE_INTEGER };
}

// The server's schemas decide the ranges; the form only shows and enforces them.
const shape = ZParserConfig.shape;
export const RANGES = {
  chunkTokenNum: range(shape.chunkTokenNum.unwrap()),
  overlapPercent: range(shape.overlapPercent.unwrap()),
  autoKeywords: range(shape.autoKeywords.unwrap()),
  autoQuestions: range(shape.autoQuestions.unwrap()),
  similarityThreshold: range(ZCreateKnowledgeBaseInput.shape.similarityThreshold.unwrap()),
  vectorSimilarityWeight: range(ZCreateKnowledgeBaseInput.shape.vectorSimilarityWeight.unwrap()),
};

export { BUILTIN_EMBEDDING_MODEL };

/** A delimiter string with line breaks and tabs shown as \n and \t, so it fits in one input. */
export function showDelimiter(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll("\t", "\\t");
}

export function readDelimiter(value: string): string {
  return value.replace(/\\(n|t|\\)/g, (_m, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : "\\"));
}

export type PageRanges = [number, number][];

export function showPages(pages: PageRanges | undefined): string {
  return (pages ?? []).map(([from, to]) => (from === to ? String(from) : `${from}-${to}`)).join(", ");
}

/** "1-10, 15" → [[1, 10], [15, 15]]; undefined when the text is not a list of page ranges. */
export function readPages(text: string): PageRanges | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  const ranges: PageRanges = [];
  for (const part of trimmed.split(/[,;]\s*|\s+(?=\d)/)) {
    const match = part.trim().match(/^(\d+)\s*(?:[-–]\s*(\d+))?$/);
    if (!match) return undefined;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from < 1 || to < from) return undefined;
    ranges.push([from, to]);
  }
  return ranges.length > 100 ? undefined : ranges;
}
