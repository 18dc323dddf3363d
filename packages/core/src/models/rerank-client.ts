// Rerank over the `/rerank` endpoint that Jina, Cohere, vLLM, infinity and most gateways share:
// POST {baseUrl}/rerank `{ model, query, documents, top_n }` → `{ results: [{ index, relevance_score }] }`
// (TEI's bare array of `{ index, score }` is read too).

import type { RerankModel } from "../ports/llm";
import type { RemoteModelSpec } from "./chat-clients";
import { badResponse, type CallOptions, isRecord, requestJson } from "./http";

/** Passages per request: Cohere and Jina accept ~1 000; smaller requests fail and retry cheaper. */
const BATCH = 256;

export function createRerankModel(spec: RemoteModelSpec): RerankModel {
  const url = `${spec.baseUrl}/rerank`;
  const headers: Record<string, string> = spec.apiKey ? { authorization: `Bearer ${spec.apiKey}` } : {};
  return {
    id: spec.id,
    async rerank(query, passages, signal) {
      if (passages.length === 0) return [];
      const options: CallOptions = {
        who: { label: spec.label, secret: spec.apiKey },
        policy: spec.policy,
        headers,
        signal,
      };
      const raw: number[] = [];
      for (let start = 0; start < passages.length; start += BATCH) {
        const documents = passages.slice(start, start + BATCH);
        const answer = await requestJson(
          url,
          { model: spec.model, query, documents, top_n: documents.length, return_documents: false },
          options,
        );
        raw.push(...readScores(answer, documents.length, options));
      }
      return toUnitInterval(raw);
    },
  };
}

function readScores(answer: unknown, count: number, options: CallOptions): number[] {
  const list = Array.isArray(answer)
    ? answer
    : isRecord(answer) && Array.isArray(answer.results)
      ? answer.results
      : isRecord(answer) && Array.isArray(answer.data)
        ? answer.data
        : undefined;
  if (!list) throw badResponse(options, "the rerank answer has no `results` array");
  const scores = new Array<number | undefined>(count).fill(undefined);
  for (const item of list) {
    if (!isRecord(item)) continue;
    const { index } = item;
    const score = typeof item.relevance_score === "number" ? item.relevance_score : item.score;
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= count) {
      throw badResponse(options, `the rerank answer has a bad index ${String(index)}`);
    }
    if (typeof score !== "number" || !Number.isFinite(score)) {
      throw badResponse(options, `the rerank answer has no score for passage ${index}`);
    }
    scores[index] = score;
  }
  // A server that honours top_n less than asked leaves some out: they rank last.
  return scores.map((score) => score ?? Number.NEGATIVE_INFINITY);
}

/**
 * Cohere and Jina answer relevance in [0, 1]; some cross-encoder servers answer raw logits. The
 * contract is [0, 1], so logits go through a sigmoid (order kept) — all of them, or scores of
 * one answer would not compare.
 */
export function toUnitInterval(scores: number[]): number[] {
  const finite = scores.filter(Number.isFinite);
  const inRange = finite.every((s) => s >= 0 && s <= 1);
  return scores.map((s) => {
    if (!Number.isFinite(s)) return 0;
    return inRange ? s : 1 / (1 + Math.exp(-s));
  });
}
