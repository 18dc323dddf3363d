import type { BBox, Block, Page } from "./types";

/** One positioned piece of text from a PDF text layer (baseline origin, PDF points). */
export type TextRun = { str: string; x: number; y: number; width: number; size: number };

export type RawPage = {
  number: number;
  width: number;
  height: number;
  /** Bottom-left corner of the visible page box: the origin of `TextRun` coordinates. */
  originX: number;
  originY: number;
  runs: TextRun[];
};

type Line = {
  cells: string[];
  text: string;
  y: number;
  size: number;
  bbox: BBox;
  chars: number;
};

/** A gap wider than this many font sizes separates table cells rather than words. */
const CELL_GAP_EM = 1.5;
/** A gap wider than this many font sizes is a word space the PDF did not encode. */
const SPACE_GAP_EM = 0.15;
/** Header/footer band, as a share of the page height. */
const MARGIN_BAND = 0.08;

const isBlank = (s: string) => s.trim() === "";
const CURRENCY_ONLY = /^[$€£¥]$/;
const TRAILER_ONLY = /^(%|\)|\)%|pts?)$/;
const LIGATURES: Record<string, string> = { ﬀ: "ff", ﬁ: "fi", ﬂ: "fl", ﬃ: "ffi", ﬄ: "ffl", ﬅ: "st", ﬆ: "st" };
const fixLigatures = (s: string) => s.replace(/[\ufb00-\ufb06]/g, (c) => LIGATURES[c] ?? c);
const isCjk = (c: string) =>
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(c);

/**
 * Rebuilds lines from positioned runs: runs whose baselines agree (within half a font size, which
 * keeps footnote marks on their line) form one line, read left to right. Wide gaps split a line
 * into cells, which is how a financial statement's rows keep their label and figures together
 * ("Total net sales | 82,959 | 81,434 …") instead of being scattered.
 */
export function buildLines(page: RawPage): Line[] {
  const runs = page.runs.filter((r) => !isBlank(r.str)).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextRun[][] = [];
  let current: TextRun[] = [];
  let lineY = Number.NaN;
  let lineSize = 0;
  for (const run of runs) {
    const tolerance = 0.5 * Math.min(run.size || lineSize, lineSize || run.size);
    if (current.length > 0 && Math.abs(run.y - lineY) <= tolerance) {
      current.push(run);
      continue;
    }
    if (current.length > 0) groups.push(current);
    current = [run];
    lineY = run.y;
    lineSize = run.size;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((g) => toLine(g, page));
}

function toLine(runs: TextRun[], page: RawPage): Line {
  runs.sort((a, b) => a.x - b.x);
  const cells: string[] = [];
  let cell = "";
  let prevEnd = Number.NaN;
  let size = 0;
  let chars = 0;
  for (const run of runs) {
    const str = fixLigatures(run.str);
    const em = run.size || 1;
    const gap = run.x - prevEnd;
    if (cell === "") cell = str;
    else if (
      gap > CELL_GAP_EM * em ||
      (CURRENCY_ONLY.test(str.trim()) && /[\d%)\u2014\u2013-]$/.test(cell.trim()))
    ) {
      // A currency sign after a figure (or "%", or a dash standing for zero) opens the next
      // column's figure: "63,355" "$" "63,948".
      cells.push(cell.trim());
      cell = str;
    } else if (gap > SPACE_GAP_EM * em && !/\s$/.test(cell) && !/^\s/.test(str)) cell += ` ${str}`;
    else cell += str;
    prevEnd = run.x + run.width;
    // The line's size is that of its longest run, so a drop cap or footnote mark does not skew it.
    if (str.length > chars) {
      chars = str.length;
      size = run.size;
    }
  }
  cells.push(cell.trim());
  const merged = mergeCells(cells.map((c) => c.replace(/\s+/g, " ")).filter((c) => c !== ""));
  const first = runs[0];
  const y = first?.y ?? 0;
  const x0 = Math.min(...runs.map((r) => r.x)) - page.originX;
  const x1 = Math.max(...runs.map((r) => r.x + r.width)) - page.originX;
  const maxY = Math.max(...runs.map((r) => r.y + r.size)) - page.originY;
  const minY = Math.min(...runs.map((r) => r.y)) - page.originY;
  const bbox: BBox = {
    x0: round(x0),
    x1: round(x1),
    top: round(Math.max(0, page.height - maxY)),
    bottom: round(Math.min(page.height, page.height - minY + 0.25 * size)),
  };
  return {
    cells: merged,
    text: merged.join(" | "),
    y,
    size,
    bbox,
    chars: runs.reduce((n, r) => n + r.str.length, 0),
  };
}

/** "$" and "%" sit in their own columns in statements; they belong to the figure beside them. */
function mergeCells(cells: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] ?? "";
    const next = cells[i + 1];
    if (CURRENCY_ONLY.test(c) && next !== undefined) {
      cells[i + 1] = `${c} ${next}`;
      continue;
    }
    const last = out.length - 1;
    if (TRAILER_ONLY.test(c) && last >= 0) {
      out[last] = `${out[last]}${c === "pts" || c === "pt" ? " " : ""}${c}`;
      continue;
    }
    out.push(c);
  }
  return out;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Lines that repeat at the top or bottom of most pages (running heads, "Page 3 of 40") are
 * dropped: they carry no content and would otherwise land in every chunk. "Top or bottom" is the
 * page's margin band OR its first/last two lines, because filings rendered from HTML put the
 * footer right under the last paragraph. Digits are masked so page numbers still match.
 */
function findRepeatedMargins(pages: Array<{ raw: RawPage; lines: Line[] }>): Set<string> {
  const repeated = new Set<string>();
  if (pages.length < 3) return repeated;
  const counts = new Map<string, number>();
  for (const { raw, lines } of pages) {
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      if (!inMargin(line, i, lines.length, raw)) return;
      const key = marginKey(line.text);
      if (!seen.has(key)) {
        seen.add(key);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    });
  }
  const needed = Math.max(3, Math.ceil(pages.length * 0.5));
  for (const [key, n] of counts) if (n >= needed) repeated.add(key);
  return repeated;
}

const marginKey = (text: string) => text.replace(/\d+/g, "#").toLowerCase();
const inMargin = (line: Line, index: number, count: number, raw: RawPage) =>
  index < 2 ||
  index >= count - 2 ||
  line.bbox.top < raw.height * MARGIN_BAND ||
  line.bbox.bottom > raw.height * (1 - MARGIN_BAND);

const letters = (s: string) => s.replace(/[^\p{L}]/gu, "");
const isAllCaps = (s: string) => {
  const l = letters(s);
  return l.length >= 4 && l === l.toUpperCase() && l !== l.toLowerCase();
};

type Kind = "heading" | "paragraph" | "row";

/**
 * Turns the text layer of the parsed pages into blocks. Heading levels are decided over the whole
 * parse: sizes larger than the body size rank first, then body-size ALL-CAPS lines.
 */
export function layoutPages(raws: RawPage[]): Page[] {
  const withLines = raws.map((raw) => ({ raw, lines: buildLines(raw) }));
  const repeated = findRepeatedMargins(withLines);
  for (const p of withLines) {
    const count = p.lines.length;
    p.lines = p.lines.filter((l, i) => !(inMargin(l, i, count, p.raw) && repeated.has(marginKey(l.text))));
  }

  const weights = new Map<number, number>();
  for (const { lines } of withLines) {
    for (const l of lines) weights.set(sizeKey(l.size), (weights.get(sizeKey(l.size)) ?? 0) + l.chars);
  }
  let body = 0;
  let best = -1;
  for (const [size, weight] of weights) {
    if (weight > best) {
      best = weight;
      body = size;
    }
  }

  const classify = (l: Line): Kind => {
    if (l.cells.length >= 2) return "row";
    const t = l.text;
    if (t.length < 2 || t.length > 150 || letters(t).length === 0 || /[,;]$/.test(t)) return "paragraph";
    if (l.size >= body * 1.15) return "heading";
    if (isAllCaps(t) && t.length <= 100 && l.size >= body * 0.95) return "heading";
    return "paragraph";
  };
  const headingSizes = [
    ...new Set(
      withLines
        .flatMap((p) => p.lines)
        .filter((l) => classify(l) === "heading" && l.size >= body * 1.15)
        .map((l) => sizeKey(l.size)),
    ),
  ].sort((a, b) => b - a);
  const levelOf = (l: Line) => {
    const i = headingSizes.indexOf(sizeKey(l.size));
    return i >= 0 ? Math.min(i + 1, 5) : Math.min(headingSizes.length + 1, 6);
  };

  return withLines.map(({ raw, lines }) => {
    const blocks: Block[] = [];
    let prev: { line: Line; kind: Kind } | undefined;
    let table = 0;
    let isInTable = false;
    for (const line of lines) {
      const kind = classify(line);
      const last = blocks[blocks.length - 1];
      if (kind === "row") {
        if (!isInTable) table++;
        isInTable = true;
        blocks.push({ kind: "row", text: line.text, cells: line.cells, table, bbox: line.bbox });
      } else if (kind === "heading") {
        isInTable = false;
        blocks.push({ kind: "heading", text: line.text, level: levelOf(line), bbox: line.bbox });
      } else if (
        last &&
        prev?.kind === "paragraph" &&
        last.kind === "paragraph" &&
        continues(prev.line, line)
      ) {
        last.text = joinLines(last.text, line.text);
        last.bbox = union(last.bbox, line.bbox);
      } else {
        // A short label inside a statement ("Net sales:") does not end the table.
        if (line.text.length > 40) isInTable = false;
        blocks.push({ kind: "paragraph", text: line.text, bbox: line.bbox });
      }
      prev = { line, kind };
    }
    return {
      number: raw.number,
      width: round(raw.width),
      height: round(raw.height),
      text: blocks.map((b) => b.text).join("\n"),
      blocks,
    };
  });
}

const sizeKey = (size: number) => Math.round(size * 2) / 2;

function continues(prev: Line, next: Line): boolean {
  const sameSize = Math.abs(prev.size - next.size) <= 0.15 * Math.max(prev.size, next.size);
  const spacing = prev.y - next.y;
  return sameSize && spacing > 0 && spacing <= 1.8 * Math.max(prev.size, next.size);
}

function joinLines(a: string, b: string): string {
  if (/\p{Ll}-$/u.test(a) && /^\p{Ll}/u.test(b)) return a.slice(0, -1) + b;
  const lastChar = a.slice(-1);
  const firstChar = b.slice(0, 1);
  if (isCjk(lastChar) && isCjk(firstChar)) return a + b;
  return `${a} ${b}`;
}

function union(a: BBox | undefined, b: BBox | undefined): BBox | undefined {
  if (!a) return b;
  if (!b) return a;
  return {
    x0: Math.min(a.x0, b.x0),
    x1: Math.max(a.x1, b.x1),
    top: Math.min(a.top, b.top),
    bottom: Math.max(a.bottom, b.bottom),
  };
}
