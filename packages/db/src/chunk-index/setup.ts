/**
 * How vectors are stored and searched on the connected database, decided once per connection:
 *
 * - `pgvector` — PostgreSQL or PGlite with the extension: a `chunks.embedding vector` column (added
 *   here, at run time, so that the migrations also succeed on a server without pgvector) searched
 *   with the `<=>` cosine distance, through an HNSW index per dimension where one was created;
 * - `exact-scan` — MySQL/MariaDB (no vector type in 10.11) and PostgreSQL without pgvector: float32
 *   vectors in `chunks.vector_data`, scored in the application over an in-memory copy per knowledge
 *   base (vector-cache.ts). Same results, linear cost.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { asBoolean, asString, queryRows, run } from "./sql";
import { decodeVector, encodeVector, toPgVector } from "./vector-codec";

export type VectorMode = "pgvector" | "exact-scan";

export type ChunkIndexSetup = {
  vectorMode: VectorMode;
  /** Why vectors are scanned exactly, for the one log line and the status page. */
  reason?: string;
};

export type EnsureChunkIndexOptions = {
  /** `exact-scan` forces the application-side scan even where pgvector exists (see README figures). */
  prefer?: VectorMode;
  /** Told once, when the exact scan is chosen. */
  log?: (message: string) => void;
};

/**
 * A transaction is a new Database object, but drizzle hands it the dialect object of the connection it
 * came from: that object identifies the connection, so the decision made at start-up holds in every
 * transaction opened later.
 */
export function connectionKey(d: Database): object {
  const dialect: unknown = Reflect.get(d.db, "dialect");
  return typeof dialect === "object" && dialect !== null ? dialect : d.db;
}

const setups = new WeakMap<object, Promise<ChunkIndexSetup>>();

/**
 * Prepares the chunk index on this connection and says how vectors are searched. Idempotent and cheap
 * after the first call; call it at start-up, after migrate(), to log the fallback. Every index function
 * calls it lazily too.
 */
export function ensureChunkIndex(
  d: Database,
  options: EnsureChunkIndexOptions = {},
): Promise<ChunkIndexSetup> {
  const key = connectionKey(d);
  let setup = setups.get(key);
  if (!setup) {
    setup = detect(d, options.prefer).then((result) => {
      if (result.reason) options.log?.(`chunk index: exact vector scan (${result.reason})`);
      return result;
    });
    // A failed detection (e.g. called before migrate) is retried by the next caller.
    setup.catch(() => setups.delete(key));
    setups.set(key, setup);
  }
  return setup;
}

export async function vectorMode(d: Database): Promise<VectorMode> {
  return (await ensureChunkIndex(d)).vectorMode;
}

async function detect(d: Database, prefer: VectorMode | undefined): Promise<ChunkIndexSetup> {
  if (d.dialect === "mysql") {
    return {
      vectorMode: "exact-scan",
      reason: "MySQL/MariaDB: no vector type, vectors are scored in the application",
    };
  }
  if (prefer === "exact-scan") {
    await moveVectorsToExactScan(d);
    return { vectorMode: "exact-scan", reason: "configured to scan vectors in the application" };
  }
  const [available] = await queryRows(
    d,
    sql`SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available`,
  );
  if (!asBoolean(available?.available)) {
    return {
      vectorMode: "exact-scan",
      reason: "the pgvector extension is not installed on this PostgreSQL server",
    };
  }
  try {
    // In a (sub)transaction: a refused CREATE EXTENSION must not abort a caller's transaction.
    await d.transaction(async (tx) => {
      await run(tx, sql`CREATE EXTENSION IF NOT EXISTS vector`);
      await addEmbeddingColumn(tx);
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { vectorMode: "exact-scan", reason: `pgvector is installed but could not be enabled: ${message}` };
  }
  await moveExactScanVectors(d);
  return { vectorMode: "pgvector" };
}

async function addEmbeddingColumn(d: Database): Promise<void> {
  const existing = await queryRows(
    d,
    sql`SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'chunks' AND column_name = 'embedding'`,
  );
  // Checked first because ALTER TABLE takes an exclusive lock even when IF NOT EXISTS makes it a no-op.
  if (existing.length === 0) await run(d, sql`ALTER TABLE chunks ADD COLUMN IF NOT EXISTS embedding vector`);
}

/**
 * Vectors written while the server had no pgvector (the exact-scan column) move to the vector column
 * once it has: otherwise they would silently drop out of vector search.
 */
async function moveExactScanVectors(d: Database): Promise<void> {
  for (;;) {
    const rows = await queryRows(
      d,
      sql`SELECT id, vector_data FROM chunks WHERE vector_data IS NOT NULL ORDER BY id LIMIT 500`,
    );
    if (rows.length === 0) return;
    const ids = rows.map((r) => asString(r.id));
    const vectors = rows.map((r) => toPgVector(decodeVector(asString(r.vector_data))));
    await run(
      d,
      sql`UPDATE chunks SET embedding = x.v::vector, vector_data = NULL
          FROM unnest(${sql.param(ids)}::text[], ${sql.param(vectors)}::text[]) AS x(id, v)
          WHERE chunks.id = x.id`,
    );
  }
}

/** The way back, when a deployment chooses the exact scan on a database whose vectors are in pgvector. */
async function moveVectorsToExactScan(d: Database): Promise<void> {
  const column = await queryRows(
    d,
    sql`SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'chunks' AND column_name = 'embedding'`,
  );
  if (column.length === 0) return;
  for (;;) {
    const rows = await queryRows(
      d,
      sql`SELECT id, embedding::text AS v FROM chunks WHERE embedding IS NOT NULL ORDER BY id LIMIT 500`,
    );
    if (rows.length === 0) return;
    const ids = rows.map((r) => asString(r.id));
    const data = rows.map((r) => encodeVector(Float32Array.from(JSON.parse(asString(r.v)) as number[])));
    await run(
      d,
      sql`UPDATE chunks SET vector_data = x.v, embedding = NULL
          FROM unnest(${sql.param(ids)}::text[], ${sql.param(data)}::text[]) AS x(id, v)
          WHERE chunks.id = x.id`,
    );
  }
}

/** The HNSW index of one dimension (pgvector indexes need a fixed dimension: one partial index each). */
export const hnswIndexName = (dim: number) => `chunks_embedding_hnsw_${dim}`;

const knownIndexes = new WeakMap<object, Map<number, boolean>>();

/** Whether an HNSW index exists for `dim` (cached per connection; createVectorIndex updates it). */
export async function hasVectorIndex(d: Database, dim: number): Promise<boolean> {
  const key = connectionKey(d);
  let known = knownIndexes.get(key);
  if (!known) {
    known = new Map();
    knownIndexes.set(key, known);
  }
  const cached = known.get(dim);
  if (cached !== undefined) return cached;
  const rows = await queryRows(d, sql`SELECT 1 FROM pg_indexes WHERE indexname = ${hnswIndexName(dim)}`);
  known.set(dim, rows.length > 0);
  return rows.length > 0;
}

/**
 * Builds the HNSW index for one dimension (pgvector mode only). Not done on every write on purpose:
 * inserting into HNSW costs ~26 ms per 512-d vector in PGlite (the exact scan of 5 000 vectors costs
 * ~30 ms per query), so it pays only for large collections. Run it when a dimension holds tens of
 * thousands of vectors; searches use it from then on (iterative scans keep filtered results complete).
 * Returns false when vectors are scanned exactly and there is nothing to build.
 */
export async function createVectorIndex(d: Database, q: { dim: number }): Promise<boolean> {
  if (!Number.isInteger(q.dim) || q.dim < 1 || q.dim > 2000) {
    throw new RangeError("pgvector's HNSW indexes take 1..2000 dimensions");
  }
  if ((await vectorMode(d)) !== "pgvector") return false;
  const dim = sql.raw(String(q.dim));
  await run(
    d,
    sql`CREATE INDEX IF NOT EXISTS ${sql.raw(hnswIndexName(q.dim))} ON chunks
        USING hnsw ((embedding::vector(${dim})) vector_cosine_ops) WHERE vector_dim = ${dim}`,
  );
  knownIndexes.get(connectionKey(d))?.set(q.dim, true);
  return true;
}
