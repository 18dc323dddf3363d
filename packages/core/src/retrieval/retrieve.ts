/**
 * Retrieval (SPEC §5): BM25 keyword leg ∥ vector leg over one or more knowledge bases, fused (see
 * fusion.ts) or reranked, thresholded, paged, with per-chunk scores that say why a chunk ranked
 * where it did. Chat completion calls `retrieve` with a chat's settings; `retrieval.search` (tRPC,
 * `POST /api/v1/retrieval`) exposes it as is.
 */
import {
  cachedDocumentNames,
  getChunkDocuments,
  getChunks,
  type KeywordHit,
  keywordSearch,
  listDocumentMetadata,
  type VectorHit,
  vectorSearch,
} from "@ragtime/db";
import type { KnowledgeBaseRow } from "@ragtime/db/schema";
import { createKeywordTokenizer, type Embedder, type KeywordTokenizer } from "@ragtime/rag";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { badRequest, validationError } from "../errors";
import type { ValidationIssue } from "../i18n/validation";
import { loadVisibleKnowledgeBase } from "../knowledge-bases/get-knowledge-base";
import { resolveChatModel, resolveEmbedder, resolveRerankModel } from "../models/resolve";
import {
  type DocAgg,
  type RetrievalInput,
  type RetrievalResult,
  type RetrievedChunk,
  ZRetrievalInput,
} from "../schemas/index";
import { effectiveVectorWeight, type FusedHit, fuse } from "./fusion";

export {
  effectiveVectorWeight,
  type FusedHit,
  type FusionInput,
  fuse,
  type LegHit,
  vectorConfidence,
} from "./fusion";

import { highlightContent } from "./highlight";
import { metadataMatches } from "./metadata-filter";

/**
 * BM25 parameters of every knowledge base (a KB-level setting later, if users need one). 0.9 / 0.4 are
 * the usual values for short passages (Anserini's defaults); on SciFact with the shipped tokenizer the
 * textbook 1.2 / 0.75 scores within 0.002 nDCG@10 of them (bench/README.md "Retrieval"): the lower b
 * penalises long chunks less, which suits chunks cut to a token budget.
 */
export const BM25_K1 = 0.9;
export const BM25_B = 0.4;
/** Rerank at most this many of the best fused candidates (a rerank call per query is the cost). */
export const RERANK_CANDIDATES = 64;

export type RetrieveInput = Omit<
  Partial<RetrievalInput>,
  "kbIds" | "question" | "rerankModel" | "metadataFilter" | "documentIds"
> & {
  kbIds: string[];
  question: string;
  documentIds?: string[] | undefined;
  metadataFilter?: RetrievalInput["metadataFilter"] | undefined;
  rerankModel?: string | null | undefined;
  /**
   * The chat model that expands the question with keywords when `keyword` is set (a chat passes its
   * own); absent: the workspace's default chat model. None (the built-in answerer) → no expansion.
   */
  chatModel?: string | null | undefined;
  actor: Actor;
  /** Aborts the embedding / rerank calls (the caller went away). */
  signal?: AbortSignal | undefined;
};

/** The leg timings and what ran, for logs and the bench (not part of the API answer). */
export type RetrievalTrace = {
  keywordMs: number;
  vectorMs: number;
  vectorLeg: "ran" | "no-embedder" | "no-vectors";
  keywordTerms: string[];
};

function parseInput(input: RetrieveInput): RetrievalInput {
  const { actor: _actor, signal: _signal, chatModel: _chatModel, ...rest } = input;
  const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== null));
  const parsed = ZRetrievalInput.safeParse(clean);
  if (!parsed.success) throw validationError(parsed.error.issues as ValidationIssue[], parsed.error);
  return parsed.data;
}

const KEYWORD_PROMPT =
  "You help a search engine. Reply with up to 8 keywords or short phrases for the user's question, " +
  "including useful synonyms and related terms, separated by commas, in the question's language. " +
  "Reply with the keywords only.";
/** Terms only the expansion brought count half as much as the question's own. */
const EXPANSION_WEIGHT = 0.5;

/** Keywords from a chat model for the question (`keyword: true`); "" without a chat model. */
async function expandKeywords(
  deps: Deps,
  actor: Actor,
  question: string,
  chatModel: string | null | undefined,
  signal: AbortSignal | undefined,
): Promise<string> {
  const model = await resolveChatModel(deps, { tenantId: actor.tenantId, modelId: chatModel ?? null });
  if (!model) return "";
  return model.complete({
    messages: [
      { role: "system", content: KEYWORD_PROMPT },
      { role: "user", content: question },
    ],
    temperature: 0.1,
    maxTokens: 96,
    signal,
  });
}

/** The keyword terms a question is searched with in a knowledge base of this language (as indexed). */
export function keywordTermsOf(question: string, language = "en"): string[] {
  return createKeywordTokenizer({ language })(question);
}

function tokenizersOf(kbs: readonly KnowledgeBaseRow[]): Map<string, KeywordTokenizer> {
  const out = new Map<string, KeywordTokenizer>();
  for (const kb of kbs) {
    if (!out.has(kb.language)) out.set(kb.language, createKeywordTokenizer({ language: kb.language }));
  }
  return out;
}

/**
 * The query's terms: tokenized like the chunks were indexed. Knowledge bases of different languages
 * searched together get the union of each language's terms (each KB only matches its own forms).
 */
function queryTermsOf(question: string, tokenizers: Map<string, KeywordTokenizer>): string[] {
  const terms = new Set<string>();
  for (const tokenize of tokenizers.values()) for (const term of tokenize(question)) terms.add(term);
  return [...terms];
}

/** Document ids the filters allow, or undefined for "no document filter". */
async function allowedDocuments(
  deps: Deps,
  kbIds: readonly string[],
  input: RetrievalInput,
): Promise<string[] | undefined> {
  let allowed: Set<string> | undefined = input.documentIds ? new Set(input.documentIds) : undefined;
  if (input.metadataFilter) {
    const filter = input.metadataFilter;
    const docs = await listDocumentMetadata(deps.database, { kbIds });
    const passing = docs.filter((doc) => metadataMatches(doc.metadata, filter)).map((doc) => doc.id);
    allowed = allowed ? new Set(passing.filter((id) => allowed?.has(id))) : new Set(passing);
  }
  return allowed ? [...allowed] : undefined;
}

async function runKeywordLeg(
  deps: Deps,
  kbIds: string[],
  terms: Map<string, number>,
  docIds: string[] | undefined,
  limit: number,
  explain: boolean,
): Promise<KeywordHit[]> {
  if (terms.size === 0) return [];
  return keywordSearch(deps.database, {
    kbIds,
    terms: [...terms].map(([term, weight]) => ({ term, weight })),
    docIds,
    limit,
    k1: BM25_K1,
    b: BM25_B,
    explain,
  });
}

async function runVectorLeg(
  deps: Deps,
  tenantId: string,
  embeddingModel: string,
  kbIds: string[],
  question: string,
  docIds: string[] | undefined,
  topK: number,
  signal: AbortSignal | undefined,
): Promise<{ hits: VectorHit[]; ran: boolean; reason: RetrievalTrace["vectorLeg"] }> {
  let embedder: Embedder | undefined;
  let vector: ArrayLike<number> | undefined;
  try {
    // The built-in encoder of this process, else the provider the knowledge base's model belongs to.
    embedder =
      deps.embedder?.(embeddingModel) ?? (await resolveEmbedder(deps, { tenantId, modelId: embeddingModel }));
    [vector] = await embedder.embed([question], { priority: "high", ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    // A provider that is down or no longer configured: keyword results are still worth returning,
    // and every chunk's vectorSimilarity of 0 says the vector leg did not run.
    deps.logger.warn(
      { err: error, embeddingModel },
      "retrieval: the vector leg failed; keyword results only",
    );
    return { hits: [], ran: false, reason: "no-embedder" };
  }
  if (!vector) return { hits: [], ran: false, reason: "no-embedder" };
  const hits = await vectorSearch(deps.database, { kbIds, vector, topK, docIds });
  // No stored vector of this dimension (documents not embedded yet, or embedded by another model):
  // the leg says nothing, rather than "everything is dissimilar".
  return hits.length === 0 ? { hits, ran: false, reason: "no-vectors" } : { hits, ran: true, reason: "ran" };
}

/**
 * The rerank model's relevance of each candidate (in [0, 1]), which then IS the similarity: the model
 * read the question and the passage together, which neither leg did. Only the best fused candidates
 * are sent (one remote call per query).
 */
async function rerankCandidates(
  deps: Deps,
  actor: Actor,
  modelId: string,
  question: string,
  candidates: FusedHit[],
  signal: AbortSignal | undefined,
): Promise<Map<string, number>> {
  const model = await resolveRerankModel(deps, { tenantId: actor.tenantId, modelId });
  if (candidates.length === 0) return new Map();
  const chunks = await getChunks(
    deps.database,
    candidates.map((c) => c.chunkId),
  );
  const scores = await model.rerank(
    question,
    chunks.map((c) => c.content),
    signal,
  );
  return new Map(chunks.map((c, i) => [c.id, scores[i] ?? 0]));
}

export async function retrieveWithTrace(
  deps: Deps,
  raw: RetrieveInput,
): Promise<{ result: RetrievalResult; trace: RetrievalTrace }> {
  const input = parseInput(raw);
  const { actor } = raw;
  const kbIds = [...new Set(input.kbIds)];
  const kbs = await Promise.all(kbIds.map((id) => loadVisibleKnowledgeBase(deps, actor, id)));
  const models = [...new Set(kbs.map((kb) => kb.embeddingModel))];
  if (models.length > 1)
    throw badRequest("error.retrievalModelsDiffer", { models: models.join(", ") }, "kbIds");
  const embeddingModel = models[0] ?? "";
  const tokenizers = tokenizersOf(kbs);
  const terms = queryTermsOf(input.question, tokenizers);
  const weights = new Map<string, number>(terms.map((term) => [term, 1]));
  if (input.keyword) {
    const extra = await expandKeywords(deps, actor, input.question, raw.chatModel, raw.signal);
    for (const term of queryTermsOf(extra, tokenizers))
      if (!weights.has(term)) weights.set(term, EXPANSION_WEIGHT);
  }

  const docIds = await allowedDocuments(deps, kbIds, input);
  const empty: RetrievalResult = { total: 0, chunks: [], docAggs: [] };
  const trace: RetrievalTrace = {
    keywordMs: 0,
    vectorMs: 0,
    vectorLeg: "no-embedder",
    keywordTerms: [...weights.keys()],
  };
  if (docIds?.length === 0) return { result: empty, trace };

  // Enough keyword candidates to fill the requested page and to meet the vector leg's topK.
  const keywordLimit = Math.max(input.topK, input.page * input.pageSize);
  const startedAt = performance.now();
  const [keywordHits, vectorLeg] = await Promise.all([
    runKeywordLeg(deps, kbIds, weights, docIds, keywordLimit, input.explain).then((hits) => {
      trace.keywordMs = performance.now() - startedAt;
      return hits;
    }),
    input.vectorSimilarityWeight > 0
      ? runVectorLeg(
          deps,
          actor.tenantId,
          embeddingModel,
          kbIds,
          input.question,
          docIds,
          input.topK,
          raw.signal,
        ).then((leg) => {
          trace.vectorMs = performance.now() - startedAt;
          return leg;
        })
      : Promise.resolve({ hits: [] as VectorHit[], ran: false, reason: "no-embedder" as const }),
  ]);
  trace.vectorLeg = vectorLeg.reason;

  const fusion = {
    keyword: keywordHits.map((h) => ({ chunkId: h.chunkId, score: h.score })),
    vector: vectorLeg.hits.map((h) => ({ chunkId: h.chunkId, score: h.similarity })),
    keywordRan: weights.size > 0,
    vectorRan: vectorLeg.ran,
    keywordTruncated: keywordHits.length >= keywordLimit,
    vectorTruncated: vectorLeg.hits.length >= input.topK,
    weight: input.vectorSimilarityWeight,
  };
  let fused = fuse(fusion);
  // The weight the vector leg actually got (w × the legs' agreement; 0 when it did not run).
  const vectorWeight = effectiveVectorWeight(fusion);

  let rerankScores: Map<string, number> | undefined;
  if (input.rerankModel) {
    const candidates = fused.slice(0, Math.max(RERANK_CANDIDATES, input.page * input.pageSize));
    rerankScores = await rerankCandidates(
      deps,
      actor,
      input.rerankModel,
      input.question,
      candidates,
      raw.signal,
    );
    const scores = rerankScores;
    fused = candidates
      .map((hit) => ({ ...hit, similarity: scores.get(hit.chunkId) ?? 0 }))
      .sort((a, b) => b.similarity - a.similarity || (a.chunkId < b.chunkId ? -1 : 1));
  }

  const kept = fused.filter((hit) => hit.similarity >= input.similarityThreshold);
  const knownDocuments = new Map<string, { docId: string; docName?: string | undefined }>();
  for (const h of vectorLeg.hits) if (h.docId) knownDocuments.set(h.chunkId, { docId: h.docId });
  for (const h of keywordHits)
    if (h.docId) knownDocuments.set(h.chunkId, { docId: h.docId, docName: h.docName });
  const start = (input.page - 1) * input.pageSize;
  const pageHits = kept.slice(start, start + input.pageSize);
  const [pageChunks, aggChunks] = await Promise.all([
    getChunks(
      deps.database,
      pageHits.map((h) => h.chunkId),
    ),
    docAggsOf(deps, kbIds, kept, knownDocuments),
  ]);
  const byId = new Map(pageChunks.map((c) => [c.id, c]));
  const explanations = new Map(keywordHits.map((h) => [h.chunkId, h.explanation]));
  const queryTermSet = new Set(weights.keys());
  const languageOf = new Map(kbs.map((kb) => [kb.id, kb.language]));

  const chunks: RetrievedChunk[] = [];
  for (const hit of pageHits) {
    const chunk = byId.get(hit.chunkId);
    // Deleted between the search and this read: gone, not an error.
    if (!chunk?.available || !chunk.documentEnabled) continue;
    const out: RetrievedChunk = {
      id: chunk.id,
      content: chunk.content,
      documentId: chunk.docId,
      documentName: chunk.docName,
      kbId: chunk.kbId,
      positions: chunk.positions,
      pageNumbers: chunk.pageNumbers,
      importantKeywords: chunk.importantKeywords,
      similarity: hit.similarity,
      vectorSimilarity: hit.vectorSimilarity,
      termSimilarity: hit.termSimilarity,
    };
    const rerank = rerankScores?.get(hit.chunkId);
    if (rerank !== undefined) out.rerankScore = rerank;
    if (input.highlight) {
      const language = languageOf.get(chunk.kbId) ?? "en";
      const tokenize = tokenizers.get(language) ?? createKeywordTokenizer({ language });
      out.highlight = highlightContent(chunk.content, queryTermSet, tokenize, language);
    }
    if (input.explain) {
      const explanation = explanations.get(hit.chunkId);
      out.explanation = (explanation?.terms ?? []).map((t) => ({
        term: t.term,
        weight: t.weight,
        df: t.df,
        idf: t.idf,
        tf: t.tf,
        weightedTf: t.weightedTf,
        score: t.score,
      }));
      out.bm25 = hit.bm25;
    }
    chunks.push(out);
  }
  return {
    result: {
      total: kept.length,
      chunks,
      docAggs: aggChunks,
      vectorWeight: rerankScores ? undefined : vectorWeight,
    },
    trace,
  };
}

/**
 * Chunks per document over every result above the threshold (not only the page), most first. The
 * legs name each hit's document; only hits they could not name are looked up.
 */
async function docAggsOf(
  deps: Deps,
  kbIds: readonly string[],
  kept: readonly FusedHit[],
  known: Map<string, { docId: string; docName?: string | undefined }>,
): Promise<DocAgg[]> {
  if (kept.length === 0) return [];
  const docOf = new Map<string, string>();
  const missing: string[] = [];
  for (const hit of kept) {
    const docId = known.get(hit.chunkId)?.docId;
    if (docId) docOf.set(hit.chunkId, docId);
    else missing.push(hit.chunkId);
  }
  const names = new Map<string, string>();
  for (const { docId, docName } of known.values()) if (docName) names.set(docId, docName);
  const unnamed = [...new Set(docOf.values())].filter((docId) => !names.has(docId));
  for (const [docId, name] of cachedDocumentNames(deps.database, kbIds, unnamed)) names.set(docId, name);
  if (missing.length > 0 || [...docOf.values()].some((docId) => !names.has(docId))) {
    const lookup = [
      ...missing,
      ...[...docOf].filter(([, docId]) => !names.has(docId)).map(([chunkId]) => chunkId),
    ];
    for (const ref of await getChunkDocuments(deps.database, lookup)) {
      docOf.set(ref.id, ref.docId);
      names.set(ref.docId, ref.docName);
    }
  }
  const byDoc = new Map<string, DocAgg>();
  for (const hit of kept) {
    const docId = docOf.get(hit.chunkId);
    if (!docId) continue; // deleted meanwhile
    const agg = byDoc.get(docId);
    if (agg) agg.count++;
    else byDoc.set(docId, { documentId: docId, documentName: names.get(docId) ?? "", count: 1 });
  }
  return [...byDoc.values()].sort(
    (a, b) =>
      b.count - a.count ||
      a.documentName.localeCompare(b.documentName) ||
      (a.documentId < b.documentId ? -1 : 1),
  );
}

/**
 * Searches knowledge bases the actor can read. 404 for a knowledge base they cannot see, 400 when the
 * knowledge bases do not share one embedding model or a rerank model cannot be used.
 */
export async function retrieve(deps: Deps, input: RetrieveInput): Promise<RetrievalResult> {
  return (await retrieveWithTrace(deps, input)).result;
}
