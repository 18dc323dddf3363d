/** How terms are stored: the same normalisation at write and at query time, or a term would never match. */
import { CHUNK_FIELDS, type ChunkField, type ChunkFieldTerms, type TermCounts } from "./types";

/** Code points; chunk_postings.term is varchar(64) on both dialects. */
export const MAX_TERM_LENGTH = 64;
/** chunk_postings.tf_* are smallint. */
const MAX_TF = 32_767;

/**
 * Trims surrounding whitespace (MySQL's PAD SPACE collations ignore trailing spaces, PostgreSQL does
 * not) and NUL (PostgreSQL text cannot hold it), and cuts long terms (URLs, unsegmented runs) at
 * 64 code points, never inside a surrogate pair. "" means "no term".
 */
export function normalizeTerm(term: string): string {
  const clean = term.replaceAll("\u0000", "").trim();
  if (clean.length <= MAX_TERM_LENGTH) return clean;
  return Array.from(clean).slice(0, MAX_TERM_LENGTH).join("").trim();
}

function entries(counts: TermCounts): Iterable<[string, number]> {
  return counts instanceof Map ? counts.entries() : Object.entries(counts);
}

export type TermFrequencies = Record<ChunkField, number>;

export const emptyTf = (): TermFrequencies => ({ content: 0, title: 0, keywords: 0, questions: 0 });

/** Term → per-field frequencies of one chunk; terms that collide after normalisation add up. */
export function chunkTermFrequencies(fields: ChunkFieldTerms): Map<string, TermFrequencies> {
  const out = new Map<string, TermFrequencies>();
  for (const field of CHUNK_FIELDS) {
    const counts = fields[field];
    if (!counts) continue;
    for (const [raw, value] of entries(counts)) {
      const term = normalizeTerm(raw);
      const tf = Number.isFinite(value) ? Math.round(value) : 0;
      if (term === "" || tf <= 0) continue;
      let row = out.get(term);
      if (!row) {
        row = emptyTf();
        out.set(term, row);
      }
      row[field] = Math.min(MAX_TF, row[field] + tf);
    }
  }
  return out;
}
