/**
 * BM25 keyword search over chunk_postings (formula in bm25.ts). One SQL statement, hence one snapshot,
 * does all the work on the server: it reads the collection statistics, counts each query term's
 * document frequency with a window over the matching postings, ranks the chunks, and returns the
 * postings of the best ones. The scores are then recomputed here from those postings, in a fixed
 * order, so that they are bit-identical on PGlite, PostgreSQL and MySQL and can be explained.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../client";
import {
  averageLength,
  bm25Idf,
  bm25TermScore,
  DEFAULT_B,
  DEFAULT_K1,
  resolveBoosts,
  weightedTf,
} from "./bm25";
import { memoryKeywordSearch } from "./memory-index";
import { asNumber, asString, castDouble, double, list, queryRows } from "./sql";
import { normalizeTerm } from "./terms";
import type { ChunkField, KeywordHit, KeywordSearchInput, TermExplanation } from "./types";

/**
 * The SQL ranks in its own floating-point order; a few extra candidates let the exact recomputation
 * settle near-ties at the cut the same way on every backend.
 */
const TIE_MARGIN = 16;
export const MAX_KEYWORD_LIMIT = 10_000;

/** Query terms after normalisation; a repeated term counts once with the weights added up. */
function queryTerms(input: KeywordSearchInput): Map<string, number> {
  const out = new Map<string, number>();
  for (const { term, weight = 1 } of input.terms) {
    if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`weight of term "${term}" must be ≥ 0`);
    const key = normalizeTerm(term);
    if (key === "" || weight === 0) continue;
    out.set(key, (out.get(key) ?? 0) + weight);
  }
  return out;
}

/**
 * BM25 over the knowledge bases: through the in-memory index (memory-index.ts) by default, through
 * SQL with `engine: "sql"` or when a knowledge base is too large to hold in memory. Both give the
 * same hits and the same scores.
 */
export async function keywordSearch(d: Database, input: KeywordSearchInput): Promise<KeywordHit[]> {
  return search(d, input, input.engine ?? "auto");
}

async function search(
  d: Database,
  input: KeywordSearchInput,
  engine: "auto" | "memory" | "sql",
): Promise<KeywordHit[]> {
  const k1 = input.k1 ?? DEFAULT_K1;
  const b = input.b ?? DEFAULT_B;
  if (!Number.isFinite(k1) || k1 < 0) throw new RangeError("k1 must be ≥ 0");
  if (!Number.isFinite(b) || b < 0 || b > 1) throw new RangeError("b must be within [0, 1]");
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_KEYWORD_LIMIT) {
    throw new RangeError(`limit must be an integer within 1..${MAX_KEYWORD_LIMIT}`);
  }
  const boosts = resolveBoosts(input.fieldBoosts);
  const terms = queryTerms(input);
  const kbIds = [...new Set(input.kbIds)];
  if (terms.size === 0 || kbIds.length === 0 || input.docIds?.length === 0) return [];
  if (engine !== "sql") {
    const hits = await memoryKeywordSearch(d, { ...input, engine, kbIds, k1, b }, terms);
    if (hits) return hits;
  }
  const termList = [...terms.keys()];

  const weightOf = sql.join(
    termList.map((term) => sql`WHEN ${term} THEN ${double(d, terms.get(term) ?? 0)}`),
    sql` `,
  );
  const tfw = sql`(${double(d, boosts.content)} * p.tf_content + ${double(d, boosts.title)} * p.tf_title
    + ${double(d, boosts.keywords)} * p.tf_keywords + ${double(d, boosts.questions)} * p.tf_questions)`;
  const k1p = double(d, k1);
  const bp = double(d, b);
  const score = sql`(CASE p.term ${weightOf} ELSE ${double(d, 0)} END)
    * LN(1 + (st.n - p.df + 0.5) / (p.df + 0.5))
    * ${tfw} * (${k1p} + 1)
    / (${tfw} + ${k1p} * (1 - ${bp} + ${bp} * p.length / st.avg_len))`;
  const docFilter: SQL = input.docIds
    ? sql`JOIN chunks c ON c.id = p.chunk_id AND c.doc_id IN (${list([...new Set(input.docIds)])})`
    : sql``;

  const rows = await queryRows(
    d,
    sql`WITH s AS (
          SELECT ${castDouble(d, sql`COALESCE(SUM(searchable_count), 0)`)} AS n,
                 ${castDouble(d, sql`COALESCE(SUM(searchable_length), 0)`)} AS total
          FROM chunk_documents WHERE kb_id IN (${list(kbIds)})
        ),
        st AS (
          SELECT n, total, CASE WHEN n > 0 AND total > 0 THEN total / n ELSE ${double(d, 1)} END AS avg_len FROM s
        ),
        p AS (
          SELECT chunk_id, term, tf_content, tf_title, tf_keywords, tf_questions, length,
                 ${castDouble(d, sql`COUNT(*) OVER (PARTITION BY term)`)} AS df
          FROM chunk_postings
          WHERE kb_id IN (${list(kbIds)}) AND term IN (${list(termList)}) AND searchable
        ),
        ranked AS (
          SELECT p.chunk_id, SUM(${score}) AS score
          FROM p CROSS JOIN st ${docFilter}
          GROUP BY p.chunk_id
          ORDER BY score DESC, p.chunk_id
          LIMIT ${input.limit + TIE_MARGIN}
        )
        SELECT p.chunk_id, p.term, p.tf_content, p.tf_title, p.tf_keywords, p.tf_questions, p.length, p.df,
               st.n, st.total, ch.doc_id, ch.doc_name
        FROM ranked JOIN p ON p.chunk_id = ranked.chunk_id JOIN chunks ch ON ch.id = ranked.chunk_id
        CROSS JOIN st`,
  );
  if (rows.length === 0) return [];

  const first = rows[0];
  const n = asNumber(first?.n);
  const avgLength = averageLength(n, asNumber(first?.total));
  const order = new Map(termList.map((term, i) => [term, i]));
  type Posting = {
    termIndex: number;
    term: string;
    df: number;
    tf: Record<ChunkField, number>;
    length: number;
  };
  const byChunk = new Map<string, Posting[]>();
  // Every hit names its document, as the in-memory index's hits do (the two paths answer alike).
  const docOf = new Map<string, { docId: string; docName: string }>();
  for (const row of rows) {
    const chunkId = asString(row.chunk_id);
    docOf.set(chunkId, { docId: asString(row.doc_id), docName: asString(row.doc_name) });
    const term = asString(row.term);
    const posting: Posting = {
      termIndex: order.get(term) ?? Number.MAX_SAFE_INTEGER,
      term,
      df: asNumber(row.df),
      tf: {
        content: asNumber(row.tf_content),
        title: asNumber(row.tf_title),
        keywords: asNumber(row.tf_keywords),
        questions: asNumber(row.tf_questions),
      },
      length: asNumber(row.length),
    };
    const existing = byChunk.get(chunkId);
    if (existing) existing.push(posting);
    else byChunk.set(chunkId, [posting]);
  }

  const hits: KeywordHit[] = [];
  for (const [chunkId, postings] of byChunk) {
    // Summed in query-term order: the same additions in the same order give the same double everywhere.
    postings.sort((x, y) => x.termIndex - y.termIndex);
    let total = 0;
    const explained: TermExplanation[] = [];
    for (const posting of postings) {
      const weight = terms.get(posting.term) ?? 0;
      const idf = bm25Idf(posting.df, n);
      const wtf = weightedTf(posting.tf, boosts);
      const termScore = bm25TermScore({
        weight,
        idf,
        weightedTf: wtf,
        length: posting.length,
        avgLength,
        k1,
        b,
      });
      total += termScore;
      if (input.explain) {
        explained.push({
          term: posting.term,
          weight,
          df: posting.df,
          idf,
          tf: posting.tf,
          weightedTf: wtf,
          score: termScore,
        });
      }
    }
    // Matched only in fields boosted to zero: not a match.
    if (!(total > 0)) continue;
    const hit: KeywordHit = { chunkId, score: total, ...docOf.get(chunkId) };
    if (input.explain) {
      hit.explanation = { n, avgLength, length: postings[0]?.length ?? 0, k1, b, terms: explained };
    }
    hits.push(hit);
  }
  hits.sort((x, y) => y.score - x.score || (x.chunkId < y.chunkId ? -1 : x.chunkId > y.chunkId ? 1 : 0));
  return hits.slice(0, input.limit);
}
