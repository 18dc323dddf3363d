/** Progress messages are a human log: "12:01:03 Pages 1–12: parsed 40 chunks", newest last. */
const MAX_LOG_CHARS = 4000;

export function logLine(now: Date, text: string): string {
  return `${now.toISOString().slice(11, 19)} ${text}`;
}

/** Appends a line, keeping the newest lines within the column's budget. */
export function appendLog(log: string | null, line: string): string {
  const next = log ? `${log}\n${line}` : line;
  if (next.length <= MAX_LOG_CHARS) return next;
  const cut = next.slice(next.length - MAX_LOG_CHARS);
  return cut.slice(cut.indexOf("\n") + 1);
}

export function pageLabel(fromPage: number, toPage: number): string {
  if (fromPage <= 0) return "Document";
  return fromPage === toPage ? `Page ${fromPage}` : `Pages ${fromPage}–${toPage}`;
}
