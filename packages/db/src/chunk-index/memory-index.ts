/**
 * The in-memory keyword index: per connection and knowledge base, the searchable postings of
 * chunk_postings held in typed arrays, so that a BM25 query costs a walk over the query terms'
 * posting lists (≈ 1 ms at 100 000 chunks) instead of a SQL scan of them (≈ 150 ms in PGlite at
 * 26 000 chunks). The database stays the truth; this is a cache of it that gives the SAME answers
 * as the SQL path (keyword-search.ts), bit for bit (test/chunk-index-memory.test.ts).
 *
 * Freshness, across processes (ingestion workers in another process write chunks):
 *
 * - every write gives the documents it touches a new random `revision` in chunk_documents (write.ts),
 *   and a deleted document takes its row away by cascade;
 * - each search first reads the fingerprint (row count, sum of revisions) of the knowledge bases it
 *   searches: one small indexed aggregate. Unchanged → the cached postings are current;
 * - changed → the (doc, revision) list is read and only the documents whose revision changed, or
 *   that appeared or disappeared, are reloaded (many changed at once → the whole knowledge base);
 * - a (re)load reads the revision list, the per-document statistics, the chunks' documents and
 *   their postings in ONE transaction (repeatable read: one snapshot), so the cache is exactly the
 *   state of some commit, tagged with that commit's fingerprint. A write that lands during the load
 *   changes the fingerprint and is picked up by the next search.
 *
 * N and the total length (BM25's collection statistics) come from chunk_documents, as in the SQL.
 * Memory: ≈ 12 bytes per posting (chunk slot + four 16-bit term frequencies) plus the chunk ids;
 * knowledge bases beyond MAX_MEMORY_POSTINGS are searched through SQL instead.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { averageLength, bm25Idf, bm25TermScore, resolveBoosts } from "./bm25";
import { connectionKey } from "./setup";
import { asNumber, asString, batches, list, queryRows, run } from "./sql";
import type { ChunkField, KeywordHit, KeywordSearchInput, TermExplanation } from "./types";

/** Above this many postings (estimated by the KBs' total searchable length) a KB is not cached. */
export const MAX_MEMORY_POSTINGS = 60_000_000;
/** Chunks whose postings are read per query when a knowledge base is loaded whole. */
const LOAD_CHUNKS = 1_000;
/** More changed documents than this (or than a fifth of the KB) → reload the knowledge base whole. */
const MAX_INCREMENTAL_DOCS = 2_000;

type PostingList = {
  size: number;
  slots: Int32Array;
  /** 4 per posting: content, title, keywords, questions. */
  tf: Uint16Array;
};

type DocEntry = { revision: number; count: number; length: number; name: string; slots: number[] };

type KbIndex = {
  kbId: string;
  fingerprint: string;
  docs: Map<string, DocEntry>;
  /** Per chunk slot. */
  chunkIds: string[];
  chunkDocs: string[];
  chunkLength: number[];
  live: Uint8Array;
  liveCount: number;
  terms: Map<string, PostingList>;
  n: number;
  totalLength: number;
  postings: number;
};

type Cache = Map<string, KbIndex>;
const caches = new WeakMap<object, Cache>();
const loading = new WeakMap<object, Map<string, Promise<KbIndex | undefined>>>();

function cacheOf(d: Database): Cache {
  const key = connectionKey(d);
  let cache = caches.get(key);
  if (!cache) {
    cache = new Map();
    caches.set(key, cache);
  }
  return cache;
}

function loadingOf(d: Database): Map<string, Promise<KbIndex | undefined>> {
  const key = connectionKey(d);
  let map = loading.get(key);
  if (!map) {
    map = new Map();
    loading.set(key, map);
  }
  return map;
}

// ——— building ————————————————————————————————————————————————————————————————————————————————

function emptyIndex(kbId: string): KbIndex {
  return {
    kbId,
    fingerprint: "",
    docs: new Map(),
    chunkIds: [],
    chunkDocs: [],
    chunkLength: [],
    live: new Uint8Array(1024),
    liveCount: 0,
    terms: new Map(),
    n: 0,
    totalLength: 0,
    postings: 0,
  };
}

function addSlot(index: KbIndex, chunkId: string, docId: string, length: number): number {
  const slot = index.chunkIds.length;
  index.chunkIds.push(chunkId);
  index.chunkDocs.push(docId);
  index.chunkLength.push(length);
  if (slot >= index.live.length) {
    const grown = new Uint8Array(index.live.length * 2);
    grown.set(index.live);
    index.live = grown;
  }
  index.live[slot] = 1;
  index.liveCount++;
  return slot;
}

function addPosting(index: KbIndex, term: string, slot: number, tf: readonly number[]): void {
  let list = index.terms.get(term);
  if (!list) {
    list = { size: 0, slots: new Int32Array(2), tf: new Uint16Array(8) };
    index.terms.set(term, list);
  }
  if (list.size === list.slots.length) {
    const slots = new Int32Array(list.size * 2);
    slots.set(list.slots);
    const tfs = new Uint16Array(list.size * 8);
    tfs.set(list.tf);
    list.slots = slots;
    list.tf = tfs;
  }
  const at = list.size++;
  list.slots[at] = slot;
  for (let f = 0; f < 4; f++) list.tf[at * 4 + f] = Math.min(65_535, tf[f] ?? 0);
  index.postings++;
}

/** Drops dead postings and shrinks the lists (after many documents were reloaded). */
function compact(index: KbIndex): KbIndex {
  const out = emptyIndex(index.kbId);
  out.fingerprint = index.fingerprint;
  const remap = new Int32Array(index.chunkIds.length).fill(-1);
  for (let slot = 0; slot < index.chunkIds.length; slot++) {
    if (index.live[slot]) {
      remap[slot] = addSlot(
        out,
        index.chunkIds[slot] ?? "",
        index.chunkDocs[slot] ?? "",
        index.chunkLength[slot] ?? 0,
      );
    }
  }
  for (const [docId, doc] of index.docs) {
    out.docs.set(docId, {
      ...doc,
      slots: doc.slots.flatMap((s) => ((remap[s] ?? -1) >= 0 ? [remap[s] as number] : [])),
    });
  }
  for (const [term, list] of index.terms) {
    let live = 0;
    for (let i = 0; i < list.size; i++) if ((remap[list.slots[i] ?? 0] ?? -1) >= 0) live++;
    if (live === 0) continue;
    const slots = new Int32Array(live);
    const tf = new Uint16Array(live * 4);
    let at = 0;
    for (let i = 0; i < list.size; i++) {
      const to = remap[list.slots[i] ?? 0] ?? -1;
      if (to < 0) continue;
      slots[at] = to;
      tf.set(list.tf.subarray(i * 4, i * 4 + 4), at * 4);
      at++;
    }
    out.terms.set(term, { size: live, slots, tf });
    out.postings += live;
  }
  out.n = index.n;
  out.totalLength = index.totalLength;
  return out;
}

// ——— loading —————————————————————————————————————————————————————————————————————————————————

type DocStat = { docId: string; revision: number; count: number; length: number };

const fingerprintOf = (stats: readonly DocStat[]) =>
  `${stats.length}:${stats.reduce((sum, s) => sum + s.revision, 0)}`;

async function readDocStats(tx: Database, kbId: string): Promise<DocStat[]> {
  const rows = await queryRows(
    tx,
    sql`SELECT doc_id, revision, searchable_count, searchable_length FROM chunk_documents WHERE kb_id = ${kbId}`,
  );
  return rows.map((row) => ({
    docId: asString(row.doc_id),
    revision: asNumber(row.revision),
    count: asNumber(row.searchable_count),
    length: asNumber(row.searchable_length),
  }));
}

/** Every read of one (re)load sees one snapshot. */
async function inSnapshot<T>(d: Database, fn: (tx: Database) => Promise<T>): Promise<T> {
  return d.transaction(async (tx) => {
    if (tx.dialect !== "mysql") await run(tx, sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
    // MySQL/MariaDB: InnoDB's default is REPEATABLE READ already, with the snapshot of the first read.
    return fn(tx);
  });
}

function setDocStats(index: KbIndex, stats: readonly DocStat[]): void {
  index.n = 0;
  index.totalLength = 0;
  for (const s of stats) {
    index.n += s.count;
    index.totalLength += s.length;
  }
  index.fingerprint = fingerprintOf(stats);
}

type ChunkRow = { id: string; docId: string; docName: string; length: number };
type PostingRow = { term: string; chunkId: string; tf: number[] };

const toPosting = (row: Record<string, unknown>): PostingRow => ({
  term: asString(row.term),
  chunkId: asString(row.chunk_id),
  tf: [
    asNumber(row.tf_content),
    asNumber(row.tf_title),
    asNumber(row.tf_keywords),
    asNumber(row.tf_questions),
  ],
});

/**
 * Loads a knowledge base whole, in many short reads (never one long transaction: on PGlite a
 * transaction holds the only connection, and a large KB would stall every other query while it
 * loads). Reads may straddle concurrent writes; that is safe because the index keeps the revisions
 * and fingerprint read FIRST: a document written meanwhile has another revision now, so the next
 * search reloads it (loadChanges), and chunks of documents unknown at that first read are skipped
 * until then.
 */
async function loadWhole(d: Database, kbId: string): Promise<KbIndex> {
  const index = emptyIndex(kbId);
  const stats = await readDocStats(d, kbId);
  for (const s of stats)
    index.docs.set(s.docId, {
      revision: s.revision,
      count: s.count,
      length: s.length,
      name: "",
      slots: [],
    });
  setDocStats(index, stats);
  const slotOf = new Map<string, number>();
  const chunkRows = await queryRows(
    d,
    sql`SELECT id, doc_id, doc_name, length FROM chunks WHERE kb_id = ${kbId} AND available AND document_enabled`,
  );
  for (const row of chunkRows) {
    const doc = index.docs.get(asString(row.doc_id));
    if (!doc) continue;
    const slot = addSlot(index, asString(row.id), asString(row.doc_id), asNumber(row.length));
    slotOf.set(asString(row.id), slot);
    doc.slots.push(slot);
    doc.name = asString(row.doc_name);
  }
  // Postings by batches of chunks, through the chunk_id index: no sort, no growing offset.
  for (const idBatch of batches([...slotOf.keys()], LOAD_CHUNKS)) {
    const rows = await queryRows(
      d,
      sql`SELECT term, chunk_id, tf_content, tf_title, tf_keywords, tf_questions FROM chunk_postings
          WHERE chunk_id IN (${list(idBatch)}) AND searchable`,
    );
    for (const row of rows) {
      const posting = toPosting(row);
      const slot = slotOf.get(posting.chunkId);
      if (slot !== undefined) addPosting(index, posting.term, slot, posting.tf);
    }
  }
  return index;
}

/**
 * Reloads the documents whose revision changed; undefined when a whole reload is the better deal.
 * Everything is read first and applied at the end without an await in between, so a search running
 * meanwhile (scoring is synchronous) sees the index wholly before or wholly after the change.
 */
async function loadChanges(d: Database, index: KbIndex): Promise<KbIndex | undefined> {
  const read = await inSnapshot(d, async (tx) => {
    const stats = await readDocStats(tx, index.kbId);
    const changed: string[] = [];
    for (const s of stats) if (index.docs.get(s.docId)?.revision !== s.revision) changed.push(s.docId);
    if (changed.length > MAX_INCREMENTAL_DOCS || changed.length * 5 > Math.max(stats.length, 50))
      return undefined;
    const chunks: ChunkRow[] = [];
    const postings: PostingRow[] = [];
    for (const batch of batches(changed, 500)) {
      const chunkRows = await queryRows(
        tx,
        sql`SELECT id, doc_id, doc_name, length FROM chunks
            WHERE doc_id IN (${list(batch)}) AND kb_id = ${index.kbId} AND available AND document_enabled`,
      );
      const ids = chunkRows.map((row) => asString(row.id));
      for (const row of chunkRows)
        chunks.push({
          id: asString(row.id),
          docId: asString(row.doc_id),
          docName: asString(row.doc_name),
          length: asNumber(row.length),
        });
      for (const idBatch of batches(ids, 1000)) {
        const rows = await queryRows(
          tx,
          sql`SELECT term, chunk_id, tf_content, tf_title, tf_keywords, tf_questions FROM chunk_postings
              WHERE chunk_id IN (${list(idBatch)}) AND searchable`,
        );
        for (const row of rows) postings.push(toPosting(row));
      }
    }
    return { stats, changed, chunks, postings };
  });
  if (!read) return undefined;
  // From here on: synchronous.
  const current = new Map(read.stats.map((s) => [s.docId, s]));
  const removed = [...index.docs.keys()].filter((docId) => !current.has(docId));
  for (const docId of [...read.changed, ...removed]) {
    for (const slot of index.docs.get(docId)?.slots ?? []) {
      if (index.live[slot]) {
        index.live[slot] = 0;
        index.liveCount--;
      }
    }
    index.docs.delete(docId);
  }
  for (const docId of read.changed) {
    const s = current.get(docId);
    if (s)
      index.docs.set(docId, { revision: s.revision, count: s.count, length: s.length, name: "", slots: [] });
  }
  const slotOf = new Map<string, number>();
  for (const chunk of read.chunks) {
    const slot = addSlot(index, chunk.id, chunk.docId, chunk.length);
    slotOf.set(chunk.id, slot);
    const doc = index.docs.get(chunk.docId);
    if (doc) {
      doc.slots.push(slot);
      doc.name = chunk.docName;
    }
  }
  for (const posting of read.postings) {
    const slot = slotOf.get(posting.chunkId);
    if (slot !== undefined) addPosting(index, posting.term, slot, posting.tf);
  }
  setDocStats(index, read.stats);
  const dead = index.chunkIds.length - index.liveCount;
  return dead > 1024 && dead > index.liveCount ? compact(index) : index;
}

async function fingerprints(d: Database, kbIds: readonly string[]) {
  const rows = await queryRows(
    d,
    sql`SELECT kb_id, COUNT(*) AS docs, COALESCE(SUM(revision), 0) AS revisions,
               COALESCE(SUM(searchable_length), 0) AS total_length
        FROM chunk_documents WHERE kb_id IN (${list(kbIds)}) GROUP BY kb_id`,
  );
  const out = new Map<string, { fingerprint: string; totalLength: number }>(
    kbIds.map((kbId) => [kbId, { fingerprint: "0:0", totalLength: 0 }]),
  );
  for (const row of rows) {
    out.set(asString(row.kb_id), {
      fingerprint: `${asNumber(row.docs)}:${asNumber(row.revisions)}`,
      totalLength: asNumber(row.total_length),
    });
  }
  return out;
}

/**
 * The current index of each knowledge base, or undefined for those too large to hold (the caller
 * then uses SQL). Concurrent searches share one load.
 */
async function currentIndexes(
  d: Database,
  kbIds: readonly string[],
  wait: boolean,
): Promise<(KbIndex | undefined)[]> {
  const cache = cacheOf(d);
  const inFlight = loadingOf(d);
  const current = await fingerprints(d, kbIds);
  return Promise.all(
    kbIds.map(async (kbId) => {
      const want = current.get(kbId);
      const cached = cache.get(kbId);
      if (cached && want && cached.fingerprint === want.fingerprint) return cached;
      if (!want || want.totalLength > MAX_MEMORY_POSTINGS) {
        cache.delete(kbId);
        return undefined;
      }
      // Concurrent searches share one load; without `wait`, a search does not queue behind one.
      const inProgress = inFlight.get(kbId);
      if (inProgress) return wait ? inProgress : undefined;
      const base = cache.get(kbId);
      if (base) {
        const changes = (async () => {
          const next = await loadChanges(d, base);
          if (next) cache.set(kbId, next);
          return next;
        })().finally(() => inFlight.delete(kbId));
        inFlight.set(kbId, changes);
        const next = await changes;
        if (next) return next;
      }
      // A whole load (first search of this KB in this process, or too many changes at once).
      cache.delete(kbId);
      const whole = inFlight.get(kbId) ?? startWholeLoad(d, kbId, cache, inFlight);
      if (wait) return whole;
      // In the background: until it is in, searches go to SQL (same answers, slower).
      whole.catch(() => undefined);
      return undefined;
    }),
  );
}

function startWholeLoad(
  d: Database,
  kbId: string,
  cache: Cache,
  inFlight: Map<string, Promise<KbIndex | undefined>>,
): Promise<KbIndex | undefined> {
  const pending = loadWhole(d, kbId)
    .then((index) => {
      cache.set(kbId, index);
      return index;
    })
    .finally(() => inFlight.delete(kbId));
  inFlight.set(kbId, pending);
  return pending;
}

// ——— searching ———————————————————————————————————————————————————————————————————————————————

const FIELDS: readonly ChunkField[] = ["content", "title", "keywords", "questions"];

type Candidate = { index: KbIndex; slot: number; score: number; chunkId: string };

const byRank = (a: Candidate, b: Candidate) =>
  b.score - a.score || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0);

/**
 * keywordSearch over the in-memory index. Returns undefined when a knowledge base is too large to
 * hold in memory: the caller answers through SQL then.
 */
export async function memoryKeywordSearch(
  d: Database,
  input: KeywordSearchInput & { k1: number; b: number },
  terms: Map<string, number>,
): Promise<KeywordHit[] | undefined> {
  const kbIds = [...new Set(input.kbIds)];
  const indexes = await currentIndexes(d, kbIds, input.engine === "memory");
  if (indexes.some((index) => index === undefined)) return undefined;
  const live = indexes as KbIndex[];
  const { k1, b } = input;
  const boosts = resolveBoosts(input.fieldBoosts);
  const n = live.reduce((s, index) => s + index.n, 0);
  const avgLength = averageLength(
    n,
    live.reduce((s, index) => s + index.totalLength, 0),
  );
  const docFilter = input.docIds ? new Set(input.docIds) : undefined;
  const termList = [...terms.keys()];

  // Document frequency of each term over every knowledge base searched (searchable chunks only).
  const dfs = termList.map((term) => {
    let df = 0;
    for (const index of live) {
      const postings = index.terms.get(term);
      if (!postings) continue;
      for (let i = 0; i < postings.size; i++) if (index.live[postings.slots[i] ?? 0]) df++;
    }
    return df;
  });

  const candidates: Candidate[] = [];
  for (const index of live) {
    const scores = new Map<number, number>();
    termList.forEach((term, t) => {
      const postings = index.terms.get(term);
      if (!postings) return;
      const weight = terms.get(term) ?? 0;
      const idf = bm25Idf(dfs[t] ?? 0, n);
      const { slots, tf } = postings;
      for (let i = 0; i < postings.size; i++) {
        const slot = slots[i] ?? 0;
        if (!index.live[slot]) continue;
        if (docFilter && !docFilter.has(index.chunkDocs[slot] ?? "")) continue;
        const wtf =
          boosts.content * (tf[i * 4] ?? 0) +
          boosts.title * (tf[i * 4 + 1] ?? 0) +
          boosts.keywords * (tf[i * 4 + 2] ?? 0) +
          boosts.questions * (tf[i * 4 + 3] ?? 0);
        const score = bm25TermScore({
          weight,
          idf,
          weightedTf: wtf,
          length: index.chunkLength[slot] ?? 0,
          avgLength,
          k1,
          b,
        });
        // Summed in query-term order, as keyword-search.ts does: the same double on every path.
        scores.set(slot, (scores.get(slot) ?? 0) + score);
      }
    });
    for (const [slot, score] of scores) {
      if (score > 0) candidates.push({ index, slot, score, chunkId: index.chunkIds[slot] ?? "" });
    }
  }
  const top = selectTop(candidates, input.limit);

  return top.map((c) => {
    const docId = c.index.chunkDocs[c.slot] ?? "";
    const hit: KeywordHit = {
      chunkId: c.chunkId,
      score: c.score,
      docId,
      docName: c.index.docs.get(docId)?.name ?? "",
    };
    if (input.explain) {
      const explained: TermExplanation[] = [];
      termList.forEach((term, t) => {
        const postings = c.index.terms.get(term);
        if (!postings) return;
        for (let i = 0; i < postings.size; i++) {
          if (postings.slots[i] !== c.slot) continue;
          const tf = Object.fromEntries(FIELDS.map((f, k) => [f, postings.tf[i * 4 + k] ?? 0])) as Record<
            ChunkField,
            number
          >;
          const weight = terms.get(term) ?? 0;
          const idf = bm25Idf(dfs[t] ?? 0, n);
          const wtf =
            boosts.content * tf.content +
            boosts.title * tf.title +
            boosts.keywords * tf.keywords +
            boosts.questions * tf.questions;
          explained.push({
            term,
            weight,
            df: dfs[t] ?? 0,
            idf,
            tf,
            weightedTf: wtf,
            score: bm25TermScore({
              weight,
              idf,
              weightedTf: wtf,
              length: c.index.chunkLength[c.slot] ?? 0,
              avgLength,
              k1,
              b,
            }),
          });
          break;
        }
      });
      hit.explanation = { n, avgLength, length: c.index.chunkLength[c.slot] ?? 0, k1, b, terms: explained };
    }
    return hit;
  });
}

/** The best `k` candidates in rank order, without sorting them all when there are many. */
function selectTop(candidates: Candidate[], k: number): Candidate[] {
  if (candidates.length <= k * 2) return candidates.sort(byRank).slice(0, k);
  // The k-th best score by sampling a threshold would be faster still; a partial sort is enough here.
  const scores = Float64Array.from(candidates, (c) => c.score).sort();
  const floor = scores[scores.length - k] ?? Number.NEGATIVE_INFINITY;
  return candidates
    .filter((c) => c.score >= floor)
    .sort(byRank)
    .slice(0, k);
}

/**
 * The names of these documents as the cached indexes of these knowledge bases know them (no database
 * read; fresh as of the last search of those knowledge bases — a rename gives the document a new
 * revision). Documents not in the cache are left out.
 */
export function cachedDocumentNames(
  d: Database,
  kbIds: readonly string[],
  docIds: Iterable<string>,
): Map<string, string> {
  const out = new Map<string, string>();
  const indexes = kbIds.flatMap((kbId) => {
    const index = cacheOf(d).get(kbId);
    return index ? [index] : [];
  });
  for (const docId of docIds) {
    for (const index of indexes) {
      const name = index.docs.get(docId)?.name;
      if (name) {
        out.set(docId, name);
        break;
      }
    }
  }
  return out;
}

/** Forget every cached index of this connection (tests, and a connection being closed). */
export function dropMemoryIndexes(d: Database): void {
  caches.delete(connectionKey(d));
}

/** What the cache holds, for the status page and the bench. */
export function memoryIndexStats(
  d: Database,
): { kbId: string; chunks: number; postings: number; terms: number }[] {
  return [...cacheOf(d).values()].map((index) => ({
    kbId: index.kbId,
    chunks: index.liveCount,
    postings: index.postings,
    terms: index.terms.size,
  }));
}
