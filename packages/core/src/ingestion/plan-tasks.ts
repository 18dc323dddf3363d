/**
 * Splits a document into tasks: a PDF into ranges of `pagesPerTask` pages (SPEC §3: 12), limited
 * to the parserConfig's page ranges when set; anything else into one task (pages 0–0 = whole).
 */
export function planPageRanges(
  pageCount: number | undefined,
  pagesPerTask: number,
  wanted?: ReadonlyArray<readonly [number, number]>,
): [number, number][] {
  if (pageCount === undefined) return [[0, 0]];
  const ranges = wanted?.length ? wanted : [[1, pageCount] as const];
  const out: [number, number][] = [];
  for (const [from, to] of ranges) {
    const last = Math.min(to, pageCount);
    for (let start = Math.max(1, from); start <= last; start += pagesPerTask) {
      out.push([start, Math.min(start + pagesPerTask - 1, last)]);
    }
  }
  return out;
}
