/**
 * Hybrid fusion (SPEC §5): `similarity = (1 − w)·keyword + w·vector` after bringing both legs to [0, 1].
 *
 * - keyword: BM25 divided by the best BM25 of this query (the best keyword hit gets 1). BM25 has no
 *   fixed scale (it grows with the number of query terms and their IDF), so only its ratio to the
 *   query's best hit means anything.
 * - vector: the cosine itself, clipped at 0 (L2-normalised embeddings; anti-correlated = unrelated).
 *   It is NOT min-max stretched over the candidates: a weak encoder (the built-in USE-lite scores
 *   0.21 nDCG@10 on SciFact) gives every passage nearly the same cosine, and stretching that noise
 *   to [0, 1] would let it outvote BM25 — measured in bench/README.md ("Retrieval"). Kept raw, a leg
 *   that cannot tell passages apart moves every candidate by about the same amount and hardly changes
 *   the order, while a sharp encoder (cosines from 0.2 to 0.9) weighs in as much as its spread says.
 * - a candidate missing from a leg that was cut at its limit gets that leg's floor (the worst score it
 *   returned), an upper bound of its true score; from a leg that returned everything it matched, 0.
 * - a leg that did not run (no embedder, no vectors, no query term) does not count: the other leg's
 *   score is the similarity, instead of capping every score at 1 − w or w.
 * - per-query confidence in the vector leg: w is scaled by how much the two legs agree on their top
 *   AGREEMENT_DEPTH candidates (full weight once half of them are shared; none shared → none). A weak
 *   encoder's neighbours rarely coincide with the passages that contain the question's words, and
 *   then it cannot pull a better keyword ranking down; a sharp one agrees with BM25 on most queries
 *   and keeps its full weight. When the keyword leg found nothing the vector leg ranks alone. On
 *   SciFact with the built-in encoder this keeps hybrid ≥ keyword at every w (bench/README.md).
 */
export type LegHit = { chunkId: string; score: number };

export type FusionInput = {
  keyword: readonly LegHit[];
  /** Cosine similarities in [−1, 1]. */
  vector: readonly LegHit[];
  /** Whether each leg ran (a leg can run and find nothing). */
  keywordRan: boolean;
  vectorRan: boolean;
  /** Whether a leg returned as many hits as it was allowed (more may exist below its floor). */
  keywordTruncated: boolean;
  vectorTruncated: boolean;
  weight: number;
  /** Scale w by the legs' agreement (default true; false = plain linear fusion, for comparison). */
  agreement?: boolean;
};

/** Candidates of each leg compared for the confidence in the vector leg. */
export const AGREEMENT_DEPTH = 20;

/** The share of the vector leg's weight this query earns, in [0, 1]. */
export function vectorConfidence(keyword: readonly LegHit[], vector: readonly LegHit[]): number {
  if (keyword.length === 0) return 1;
  const depth = Math.min(AGREEMENT_DEPTH, keyword.length, vector.length);
  if (depth === 0) return 0;
  const top = new Set(keyword.slice(0, depth).map((h) => h.chunkId));
  const shared = vector.slice(0, depth).filter((h) => top.has(h.chunkId)).length;
  return Math.min(1, shared / (depth / 2));
}

/**
 * The w this query fuses with: 0 without a vector leg, 1 without a keyword leg, else the asked weight
 * scaled by the legs' agreement — except at the ends, where the caller asked for one leg alone
 * (w = 0: keyword only, w = 1: vector only).
 */
export function effectiveVectorWeight(input: FusionInput): number {
  if (!input.vectorRan) return 0;
  if (!input.keywordRan) return 1;
  if (input.agreement === false || input.weight <= 0 || input.weight >= 1) return input.weight;
  return input.weight * vectorConfidence(input.keyword, input.vector);
}

export type FusedHit = {
  chunkId: string;
  similarity: number;
  termSimilarity: number;
  vectorSimilarity: number;
  bm25: number;
};

const clip = (x: number) => Math.min(1, Math.max(0, x));

export function fuse(input: FusionInput): FusedHit[] {
  const maxBm25 = input.keyword.reduce((m, h) => Math.max(m, h.score), 0);
  const kw = new Map(input.keyword.map((h) => [h.chunkId, h.score]));
  const vec = new Map(input.vector.map((h) => [h.chunkId, clip(h.score)]));
  const keywordFloor =
    input.keywordTruncated && maxBm25 > 0 ? Math.min(...input.keyword.map((h) => h.score)) / maxBm25 : 0;
  const vectorFloor = input.vectorTruncated ? Math.min(...vec.values()) : 0;
  const useVector = input.vectorRan;
  const w = effectiveVectorWeight(input);
  const ids = new Set<string>([...kw.keys(), ...vec.keys()]);
  const out: FusedHit[] = [];
  for (const chunkId of ids) {
    const bm25 = kw.get(chunkId) ?? 0;
    const termSimilarity = kw.has(chunkId) ? (maxBm25 > 0 ? bm25 / maxBm25 : 0) : keywordFloor;
    const vectorSimilarity = vec.get(chunkId) ?? vectorFloor;
    out.push({
      chunkId,
      similarity: (1 - w) * termSimilarity + w * vectorSimilarity,
      termSimilarity,
      vectorSimilarity: useVector ? vectorSimilarity : 0,
      bm25,
    });
  }
  out.sort(
    (a, b) => b.similarity - a.similarity || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0),
  );
  return out;
}
