/**
 * BM25 as the chunk index computes it, in one place: the SQL of keyword-search.ts ranks with the same
 * formula, and the scores returned are recomputed here so they are bit-identical on every backend and
 * can be explained term by term.
 *
 *   idf(t)   = ln(1 + (N − df + 0.5) / (df + 0.5))                      (never negative)
 *   tf′(t,c) = Σ_field boost_field · tf_field(t,c)                      (BM25F weighted frequency)
 *   score    = Σ_t weight_t · idf(t) · tf′·(k1 + 1) / (tf′ + k1·(1 − b + b·len(c)/avgLen))
 *
 * N, df and avgLen count only searchable chunks (available, document enabled) of the knowledge bases
 * searched, taken together as one collection.
 */
import { CHUNK_FIELDS, type ChunkField, DEFAULT_FIELD_BOOSTS, type FieldBoosts } from "./types";

export const DEFAULT_K1 = 1.2;
export const DEFAULT_B = 0.75;

export function bm25Idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** The average length, with the guard the SQL uses: an empty or zero-length collection divides by 1. */
export function averageLength(n: number, totalLength: number): number {
  return n > 0 && totalLength > 0 ? totalLength / n : 1;
}

export function resolveBoosts(boosts: FieldBoosts | undefined): Record<ChunkField, number> {
  const out = { ...DEFAULT_FIELD_BOOSTS };
  for (const field of CHUNK_FIELDS) {
    const value = boosts?.[field];
    if (value !== undefined) {
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`field boost ${field} must be ≥ 0`);
      out[field] = value;
    }
  }
  return out;
}

export function weightedTf(tf: Record<ChunkField, number>, boosts: Record<ChunkField, number>): number {
  return (
    boosts.content * tf.content +
    boosts.title * tf.title +
    boosts.keywords * tf.keywords +
    boosts.questions * tf.questions
  );
}

export function bm25TermScore(p: {
  weight: number;
  idf: number;
  weightedTf: number;
  length: number;
  avgLength: number;
  k1: number;
  b: number;
}): number {
  const norm = p.k1 * (1 - p.b + (p.b * p.length) / p.avgLength);
  return (p.weight * p.idf * (p.weightedTf * (p.k1 + 1))) / (p.weightedTf + norm);
}
