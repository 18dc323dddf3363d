/**
 * Nearest chunks by cosine similarity. pgvector mode asks PostgreSQL (`<=>`, HNSW when an index for
 * the dimension exists); exact-scan mode scores the cached float32 vectors here. Both see the same
 * float32 values; pgvector accumulates in float32 and this scan in float64, so similarities agree to
 * ~1e-6 and rankings agree except between vectors closer than that.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { ensureChunkIndex, hasVectorIndex } from "./setup";
import { asNumber, asString, list, queryRows, run } from "./sql";
import type { VectorHit, VectorSearchInput } from "./types";
import { cachedVectors } from "./vector-cache";
import { toFloat32, toPgVector, vectorNorm } from "./vector-codec";

export const MAX_TOP_K = 10_000;

const byRank = (x: VectorHit, y: VectorHit) =>
  y.similarity - x.similarity || (x.chunkId < y.chunkId ? -1 : x.chunkId > y.chunkId ? 1 : 0);

export async function vectorSearch(d: Database, input: VectorSearchInput): Promise<VectorHit[]> {
  if (!Number.isInteger(input.topK) || input.topK < 1 || input.topK > MAX_TOP_K) {
    throw new RangeError(`topK must be an integer within 1..${MAX_TOP_K}`);
  }
  const kbIds = [...new Set(input.kbIds)];
  if (kbIds.length === 0 || input.docIds?.length === 0) return [];
  const query = toFloat32(input.vector, "query vector");
  const { vectorMode } = await ensureChunkIndex(d);
  const hits =
    vectorMode === "pgvector"
      ? await pgvectorSearch(d, kbIds, query, input.topK, input.docIds)
      : await exactScan(d, kbIds, query, input.topK, input.docIds);
  return hits.sort(byRank);
}

async function pgvectorSearch(
  d: Database,
  kbIds: string[],
  query: Float32Array,
  topK: number,
  docIds: readonly string[] | undefined,
): Promise<VectorHit[]> {
  // The dimension is spliced as a literal: the partial HNSW index (WHERE vector_dim = 512, on
  // embedding::vector(512)) only matches a query that spells the same constant.
  const dim = sql.raw(String(query.length));
  const indexed = await hasVectorIndex(d, query.length);
  return d.transaction(async (tx) => {
    if (indexed) {
      // Filters (knowledge bases, availability) apply after the graph walk: iterative scans keep walking
      // until topK rows pass them, in exact distance order.
      await run(tx, sql`SET LOCAL hnsw.iterative_scan = strict_order`);
      await run(tx, sql.raw(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(40, topK))}`));
    }
    const rows = await queryRows(
      tx,
      sql`SELECT id, doc_id, embedding::vector(${dim}) <=> CAST(${toPgVector(query)} AS vector(${dim})) AS distance
          FROM chunks
          WHERE vector_dim = ${dim} AND kb_id IN (${list(kbIds)}) AND available AND document_enabled
            ${docIds ? sql`AND doc_id IN (${list([...new Set(docIds)])})` : sql``}
          ORDER BY distance
          LIMIT ${topK}`,
    );
    return rows.map((row) => ({
      chunkId: asString(row.id),
      similarity: 1 - asNumber(row.distance),
      docId: asString(row.doc_id),
    }));
  });
}

/** A bounded min-heap of the best `k` hits seen so far (the root is the worst of them). */
class TopK {
  private readonly heap: VectorHit[] = [];
  constructor(private readonly k: number) {}

  /** The similarity a new hit must beat to get in, −∞ while the heap is not full. */
  get floor(): number {
    return this.heap.length < this.k ? Number.NEGATIVE_INFINITY : (this.heap[0]?.similarity ?? 0);
  }

  push(hit: VectorHit): void {
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push(hit);
      this.up(heap.length - 1);
    } else if (heap[0] && byRank(hit, heap[0]) < 0) {
      heap[0] = hit;
      this.down(0);
    }
  }

  values(): VectorHit[] {
    return this.heap;
  }

  /** True when a ranks after b (worse): the heap keeps the worst at the root. */
  private worse(a: VectorHit | undefined, b: VectorHit | undefined): boolean {
    return a !== undefined && b !== undefined && byRank(a, b) > 0;
  }

  private up(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(heap[i], heap[parent])) return;
      [heap[i], heap[parent]] = [heap[parent] as VectorHit, heap[i] as VectorHit];
      i = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && this.worse(heap[left], heap[worst])) worst = left;
      if (right < heap.length && this.worse(heap[right], heap[worst])) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst] as VectorHit, heap[i] as VectorHit];
      i = worst;
    }
  }
}

async function exactScan(
  d: Database,
  kbIds: string[],
  query: Float32Array,
  topK: number,
  docIds: readonly string[] | undefined,
): Promise<VectorHit[]> {
  const dim = query.length;
  const queryNorm = vectorNorm(query);
  const docFilter = docIds ? new Set(docIds) : undefined;
  const best = new TopK(topK);
  for (const group of await cachedVectors(d, kbIds, dim)) {
    const { data, norms, ids } = group;
    for (let i = 0, offset = 0; i < ids.length; i++, offset += dim) {
      if (docFilter && !docFilter.has(group.docIds[i] ?? "")) continue;
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += (query[j] ?? 0) * (data[offset + j] ?? 0);
      const similarity = dot / (queryNorm * (norms[i] ?? 1));
      if (similarity < best.floor) continue;
      best.push({ chunkId: ids[i] ?? "", similarity, docId: group.docIds[i] ?? "" });
    }
  }
  return best.values();
}
