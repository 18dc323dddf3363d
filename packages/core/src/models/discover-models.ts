import { listProviderModels } from "@ragtime/db";
import type { ModelProviderRow } from "@ragtime/db/schema";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import type { DiscoveredModel, ModelKind, ProviderKind } from "../schemas/models";
import { ANTHROPIC_VERSION } from "./chat-clients";
import { badResponse, type CallOptions, isRecord, requestJson } from "./http";
import { callPolicy, effectiveBaseUrl, providerApiKey, providerLabel } from "./provider-clients";
import { catalogueEntry, providerOf } from "./provider-rules";

/** A guess from the name, for the add form (the user can change it): embedders and rerankers say so. */
export function guessModelType(name: string, served: ModelKind[]): ModelKind {
  const lower = name.toLowerCase();
  const guess: ModelKind = /rerank/.test(lower)
    ? "rerank"
    : /embed|bge-|e5-|gte-|minilm|nomic|arctic-embed|mxbai/.test(lower)
      ? "embedding"
      : "chat";
  return served.includes(guess) ? guess : (served[0] ?? "chat");
}

/** The names a provider lists: `GET /models` (OpenAI, compatible servers, Anthropic) or `/api/tags` (Ollama). */
export async function fetchProviderModelNames(
  deps: Pick<Deps, "config">,
  row: ModelProviderRow,
  signal?: AbortSignal,
): Promise<string[]> {
  const kind = row.provider as ProviderKind;
  const baseUrl = effectiveBaseUrl(kind, row.baseUrl);
  const apiKey = providerApiKey(deps, row);
  const headers: Record<string, string> =
    kind === "anthropic"
      ? { "anthropic-version": ANTHROPIC_VERSION, ...(apiKey ? { "x-api-key": apiKey } : {}) }
      : apiKey
        ? { authorization: `Bearer ${apiKey}` }
        : {};
  const options: CallOptions = {
    who: { label: providerLabel(row), secret: apiKey },
    policy: { ...callPolicy(deps.config), maxRetries: Math.min(1, deps.config.MODEL_MAX_RETRIES) },
    headers,
    signal,
  };
  const answer = await requestJson(
    kind === "ollama" ? `${baseUrl}/api/tags` : `${baseUrl}/models`,
    undefined,
    options,
  );
  const list = isRecord(answer) ? (kind === "ollama" ? answer.models : answer.data) : undefined;
  if (!Array.isArray(list)) throw badResponse(options, "the model list has an unexpected shape");
  const names = list
    .map((item: unknown) => (isRecord(item) ? (kind === "ollama" ? item.name : item.id) : undefined))
    .filter((name): name is string => typeof name === "string" && name !== "");
  return [...new Set(names)].sort();
}

/**
 * What the provider says it serves (any member may look), each with a guessed type and whether it
 * is already added. Nothing is added: the user picks.
 */
export async function discoverProviderModels(
  deps: Deps,
  input: { actor: Actor; id: string },
): Promise<DiscoveredModel[]> {
  const row = await providerOf(deps.database, input.actor.tenantId, input.id);
  const served = catalogueEntry(row.provider as ProviderKind).modelTypes;
  const [names, existing] = await Promise.all([
    fetchProviderModelNames(deps, row),
    listProviderModels(deps.database, [row.id]),
  ]);
  return names.map((name) => {
    const type = guessModelType(name, served);
    return { name, type, isAdded: existing.some((m) => m.name === name && m.type === type) };
  });
}
