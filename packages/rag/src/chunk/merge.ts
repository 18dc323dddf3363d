import type { BBox } from "../parse/types";
import { countTokens, decodeTokens, encodeTokens } from "../tokenize/count-tokens";
import type { Chunk, ChunkConfig, Position } from "./types";
import type { Unit } from "./units";

/** A run of text that chunking never cuts: a delimiter-ended phrase, a table row, a heading. */
export type Piece = {
  text: string;
  tokens: number;
  page: number;
  bbox?: BBox;
  /** Put between this piece and the previous one: "" inside a unit (text is contiguous), "\n" across units. */
  joiner: string;
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** RAGFlow's delimiter syntax: every character splits, and `text in backticks` is one multi-character delimiter. */
export function delimiterPattern(delimiter: string): RegExp | undefined {
  const multi: string[] = [];
  const single = delimiter.replace(/`([^`]+)`/g, (_, d: string) => {
    multi.push(d);
    return "";
  });
  const all = [...multi.sort((a, b) => b.length - a.length), ...new Set(single)].filter((d) => d !== "");
  return all.length === 0 ? undefined : new RegExp(all.map(escapeRegExp).join("|"), "g");
}

/** Splits after each delimiter, keeping the delimiter with the text it ends. */
export function splitAfterDelimiters(text: string, pattern: RegExp | undefined): string[] {
  if (!pattern) return [text];
  const out: string[] = [];
  let start = 0;
  for (const m of text.matchAll(pattern)) {
    const end = m.index + m[0].length;
    if (end > start) out.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) out.push(text.slice(start));
  return out.filter((p) => p.trim() !== "");
}

/**
 * Cuts text that is longer than `max` tokens on its own: at sentence ends first, then at the
 * last space before the token limit (or anywhere, for scripts without spaces). Never splits a
 * surrogate pair.
 */
export function splitToFit(text: string, max: number): string[] {
  if (countTokens(text) <= max) return [text];
  const sentences = text.split(/(?<=[.!?。！？])\s+/);
  if (sentences.length > 1) return sentences.flatMap((s) => splitToFit(s, max));
  const out: string[] = [];
  let rest = text;
  while (rest !== "" && countTokens(rest) > max) {
    const prefix = decodeTokens(encodeTokens(rest).slice(0, max)).replace(/\uFFFD+$/, "");
    let cut = Math.max(1, Math.min(prefix.length, rest.length));
    const space = rest.lastIndexOf(" ", cut);
    if (space > cut / 2) cut = space + 1;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff && cut > 1) cut--;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.trim() !== "") out.push(rest);
  return out;
}

/**
 * Units to pieces. Table rows and code stay whole (a row cut at a ";" would lose its meaning),
 * text splits after the configured delimiters, and anything still longer than the chunk size is
 * cut by `splitToFit`.
 */
export function piecesOf(units: Unit[], config: ChunkConfig, maxTokens = config.chunkTokenNum): Piece[] {
  const pattern = delimiterPattern(config.delimiter);
  const pieces: Piece[] = [];
  for (const unit of units) {
    const parts =
      unit.kind === "row" || unit.kind === "code" ? [unit.text] : splitAfterDelimiters(unit.text, pattern);
    let isFirst = true;
    for (const part of parts) {
      for (const text of splitToFit(part, Math.max(1, maxTokens - 1))) {
        const joiner = isFirst ? "\n" : "";
        pieces.push({
          text,
          // The joiner's newline is a token of its own in cl100k, so it is counted with the piece.
          tokens: countTokens(joiner + text),
          page: unit.page,
          ...(unit.bbox ? { bbox: unit.bbox } : {}),
          joiner,
        });
        isFirst = false;
      }
    }
  }
  return pieces;
}

/** A whole unit as one piece, for methods that never cut units (presentation, one, table). */
export function unitPiece(unit: Unit, text = unit.text): Piece {
  return {
    text,
    tokens: countTokens(text),
    page: unit.page,
    ...(unit.bbox ? { bbox: unit.bbox } : {}),
    joiner: "\n",
  };
}

const sum = (pieces: Piece[]) => pieces.reduce((n, p) => n + p.tokens, 0);

/** The end of a finished chunk that opens the next one, worth at most `budget` tokens. */
function overlapTail(pieces: Piece[], budget: number): Piece[] {
  if (budget <= 0 || pieces.length === 0) return [];
  const tail: Piece[] = [];
  let used = 0;
  for (let i = pieces.length - 1; i >= 0; i--) {
    const p = pieces[i];
    if (!p || used + p.tokens > budget) break;
    tail.unshift(p);
    used += p.tokens;
  }
  if (tail.length > 0) return tail;
  // The last piece alone is too long: repeat its final `budget` tokens.
  const last = pieces[pieces.length - 1];
  if (!last) return [];
  const text = decodeTokens(encodeTokens(last.text).slice(-budget)).replace(/^\uFFFD+/, "");
  return [{ ...last, text, tokens: countTokens(text), joiner: "" }];
}

function joinPieces(pieces: Piece[], prefix: string): string {
  const body = pieces
    .map((p, i) => (i === 0 ? p.text : p.joiner + p.text))
    .join("")
    .trim();
  return body === "" || !prefix ? body : `${prefix}\n${body}`;
}

export function toChunk(pieces: Piece[], headings: string[] = [], prefix = ""): Chunk | undefined {
  const content = joinPieces(pieces, prefix);
  if (content === "" || content === prefix) return undefined;
  const positions: Position[] = [];
  const seen = new Set<string>();
  for (const p of pieces) {
    if (!p.bbox) continue;
    const pos: Position = [p.page, p.bbox.x0, p.bbox.x1, p.bbox.top, p.bbox.bottom];
    const key = pos.join(",");
    if (!seen.has(key)) {
      seen.add(key);
      positions.push(pos);
    }
  }
  const chunk: Chunk = {
    content,
    tokens: countTokens(content),
    pageNumbers: [...new Set(pieces.map((p) => p.page))].sort((a, b) => a - b),
    positions,
  };
  if (headings.length > 0) chunk.headings = headings;
  return chunk;
}

/**
 * Greedy merge: pieces join the current chunk while it stays within the token budget; a new chunk
 * starts with the overlap tail of the previous one. With `headings`, every chunk starts with the
 * section path ("Install > Requirements"), and the path's tokens count against the budget so the
 * chunk still fits what was asked.
 */
export function mergePieces(pieces: Piece[], config: ChunkConfig, headings: string[] = []): Chunk[] {
  const prefix = headings.join(" > ");
  const prefixTokens = prefix ? countTokens(prefix) + 1 : 0;
  const limit = Math.max(16, config.chunkTokenNum - prefixTokens);
  const overlap = Math.floor(
    (config.chunkTokenNum * Math.min(100, Math.max(0, config.overlapPercent))) / 100,
  );
  const chunks: Chunk[] = [];
  let current: Piece[] = [];
  const emit = () => {
    const chunk = toChunk(current, headings, prefix);
    if (chunk) chunks.push(chunk);
  };
  // Sums of piece counts are exact except at piece boundaries, so near the limit the candidate
  // chunk is counted for real: chunks never exceed `chunkTokenNum` unless one piece does.
  const wouldOverflow = (piece: Piece) => {
    const estimate = sum(current) + piece.tokens + prefixTokens;
    if (estimate > config.chunkTokenNum) return true;
    if (estimate < config.chunkTokenNum - 16) return false;
    return countTokens(joinPieces([...current, piece], prefix)) > config.chunkTokenNum;
  };
  for (const piece of pieces) {
    if (current.length > 0 && wouldOverflow(piece)) {
      emit();
      current = overlapTail(current, Math.min(overlap, limit - piece.tokens));
    }
    current.push(piece);
  }
  if (current.length > 0) emit();
  return chunks;
}
