/**
 * The exact-scan store, in memory: per connection and knowledge base, the searchable vectors packed in
 * one Float32Array per dimension with their norms. Reading 5 000 base64 vectors per query would cost
 * ~15 MB of transfer; scanning them in memory costs a few milliseconds.
 *
 * Freshness: every write gives the touched document's chunk_documents row a new random revision, so
 * (number of documents, sum of revisions) of a knowledge base changes with every write, including a
 * document deleted by cascade. Each search reads that fingerprint (one small indexed query) BEFORE
 * loading, so a cache can be older than its fingerprint says but never newer: a stale entry is always
 * reloaded by the next search.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { connectionKey } from "./setup";
import { asString, list, queryRows } from "./sql";
import { decodeVector, vectorNorm } from "./vector-codec";

export type VectorGroup = {
  dim: number;
  ids: string[];
  docIds: string[];
  /** ids.length × dim floats, row after row. */
  data: Float32Array;
  norms: Float64Array;
};

type KbVectors = { fingerprint: string; floats: number; byDim: Map<number, VectorGroup> };

/** 64 M floats = 256 MiB; least recently used knowledge bases are dropped beyond it. */
const MAX_CACHED_FLOATS = 64 * 1024 * 1024;

const caches = new WeakMap<object, Map<string, KbVectors>>();

function cacheOf(d: Database): Map<string, KbVectors> {
  const key = connectionKey(d);
  let cache = caches.get(key);
  if (!cache) {
    cache = new Map();
    caches.set(key, cache);
  }
  return cache;
}

async function fingerprints(d: Database, kbIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await queryRows(
    d,
    sql`SELECT kb_id, COUNT(*) AS docs, COALESCE(SUM(revision), 0) AS revisions
        FROM chunk_documents WHERE kb_id IN (${list(kbIds)}) GROUP BY kb_id`,
  );
  const out = new Map<string, string>(kbIds.map((kbId) => [kbId, "0:0"]));
  for (const row of rows) out.set(asString(row.kb_id), `${asString(row.docs)}:${asString(row.revisions)}`);
  return out;
}

async function load(d: Database, kbId: string, fingerprint: string): Promise<KbVectors> {
  const rows = await queryRows(
    d,
    sql`SELECT id, doc_id, vector_data FROM chunks
        WHERE kb_id = ${kbId} AND vector_data IS NOT NULL AND available AND document_enabled`,
  );
  const grouped = new Map<number, { ids: string[]; docIds: string[]; vectors: Float32Array[] }>();
  for (const row of rows) {
    const vector = decodeVector(asString(row.vector_data));
    let group = grouped.get(vector.length);
    if (!group) {
      group = { ids: [], docIds: [], vectors: [] };
      grouped.set(vector.length, group);
    }
    group.ids.push(asString(row.id));
    group.docIds.push(asString(row.doc_id));
    group.vectors.push(vector);
  }
  const byDim = new Map<number, VectorGroup>();
  let floats = 0;
  for (const [dim, group] of grouped) {
    const data = new Float32Array(group.vectors.length * dim);
    const norms = new Float64Array(group.vectors.length);
    group.vectors.forEach((vector, i) => {
      data.set(vector, i * dim);
      norms[i] = vectorNorm(vector);
    });
    floats += data.length;
    byDim.set(dim, { dim, ids: group.ids, docIds: group.docIds, data, norms });
  }
  return { fingerprint, floats, byDim };
}

/** The searchable vectors of `dim` dimensions of each knowledge base, fresh as of this call. */
export async function cachedVectors(
  d: Database,
  kbIds: readonly string[],
  dim: number,
): Promise<VectorGroup[]> {
  const cache = cacheOf(d);
  const current = await fingerprints(d, kbIds);
  const out: VectorGroup[] = [];
  for (const kbId of kbIds) {
    const fingerprint = current.get(kbId) ?? "0:0";
    let entry = cache.get(kbId);
    if (!entry || entry.fingerprint !== fingerprint) {
      entry = await load(d, kbId, fingerprint);
    }
    // Re-inserted last: Map order is the LRU order.
    cache.delete(kbId);
    cache.set(kbId, entry);
    const group = entry.byDim.get(dim);
    if (group) out.push(group);
  }
  let total = 0;
  for (const entry of cache.values()) total += entry.floats;
  for (const [kbId, entry] of cache) {
    if (total <= MAX_CACHED_FLOATS || kbIds.includes(kbId)) continue;
    cache.delete(kbId);
    total -= entry.floats;
  }
  return out;
}
