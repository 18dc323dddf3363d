// From a provider row (kind, name, base URL, encrypted key) and one of its models to a client:
// the labels that name the provider in errors, base URLs, the retry policy from the configuration.

import type { ModelProviderRow, ModelRow } from "@ragtime/db/schema";
import { createOllamaEmbedder, createOpenAICompatibleEmbedder, type Embedder } from "@ragtime/rag";
import type { Config } from "../config";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import type { ChatModel, RerankModel } from "../ports/llm";
import { modelIdOf, PROVIDER_CATALOGUE, type ProviderKind } from "../schemas/models";
import {
  createAnthropicChatModel,
  createOllamaChatModel,
  createOpenAIChatModel,
  type RemoteModelSpec,
} from "./chat-clients";
import { secretBoxFor } from "./crypto";
import { toModelError } from "./errors";
import { type CallPolicy, DEFAULT_POLICY, hostOf } from "./http";
import { createRerankModel } from "./rerank-client";

const KIND_LABEL: Record<ProviderKind, string> = {
  openai: "OpenAI",
  "openai-compatible": "OpenAI-compatible server",
  ollama: "Ollama",
  anthropic: "Anthropic",
};

export const isProviderKind = (kind: string): kind is ProviderKind => kind in KIND_LABEL;

export function defaultBaseUrl(kind: ProviderKind): string | undefined {
  return PROVIDER_CATALOGUE.find((entry) => entry.kind === kind)?.defaultBaseUrl ?? undefined;
}

/**
 * The URL calls go to. Ollama's native API lives at the server's root: a pasted
 * `…:11434/v1` (its OpenAI-compatible path) or `…/api` is cut back to the root.
 */
export function effectiveBaseUrl(kind: ProviderKind, baseUrl: string | null | undefined): string {
  const url = (baseUrl ?? defaultBaseUrl(kind) ?? "").trim().replace(/\/+$/, "");
  return kind === "ollama" ? url.replace(/\/(v1|api)$/, "") : url;
}

/**
 * How a provider is named to users: "OpenAI", "Anthropic", "Ollama at 10.0.0.5:11434",
 * "OpenAI-compatible server “vllm” at gpu1:8000". The host is shown unless it is the kind's own
 * public API; the provider's own name unless it is just the kind.
 */
export function providerLabel(row: Pick<ModelProviderRow, "provider" | "name" | "baseUrl">): string {
  const kind = row.provider as ProviderKind;
  const base = KIND_LABEL[kind] ?? row.provider;
  const named = row.name === row.provider ? base : `${base} “${row.name}”`;
  const url = effectiveBaseUrl(kind, row.baseUrl);
  const isPublicApi = (kind === "openai" || kind === "anthropic") && url === defaultBaseUrl(kind);
  return isPublicApi || url === "" ? named : `${named} at ${hostOf(url)}`;
}

export function callPolicy(
  config: Partial<Pick<Config, "MODEL_TIMEOUT_MS" | "MODEL_MAX_RETRIES">>,
): CallPolicy {
  return {
    ...DEFAULT_POLICY,
    timeoutMs: config.MODEL_TIMEOUT_MS ?? DEFAULT_POLICY.timeoutMs,
    maxRetries: config.MODEL_MAX_RETRIES ?? DEFAULT_POLICY.maxRetries,
  };
}

/** The encryption context of a provider's key: a ciphertext moved to another row does not decrypt. */
export const keyContext = (row: Pick<ModelProviderRow, "tenantId" | "id">) => `${row.tenantId}/${row.id}`;

/** The provider's API key in clear, for one call; never stored or logged. */
export function providerApiKey(deps: Pick<Deps, "config">, row: ModelProviderRow): string | undefined {
  if (!row.apiKeyEncrypted) return undefined;
  try {
    return secretBoxFor(deps.config).decrypt(row.apiKeyEncrypted, keyContext(row));
  } catch (error) {
    throw new AppError("CONFLICT", {
      key: "error.providerKeyUnreadable",
      params: { name: row.name },
      cause: error,
    });
  }
}

function specOf(deps: Pick<Deps, "config">, row: ModelProviderRow, model: ModelRow): RemoteModelSpec {
  return {
    id: modelIdOf(model.name, row.name),
    model: model.name,
    baseUrl: effectiveBaseUrl(row.provider as ProviderKind, row.baseUrl),
    apiKey: providerApiKey(deps, row),
    contextTokens: model.maxTokens,
    label: providerLabel(row),
    policy: callPolicy(deps.config),
  };
}

export function chatModelFor(deps: Pick<Deps, "config">, row: ModelProviderRow, model: ModelRow): ChatModel {
  const spec = specOf(deps, row, model);
  switch (row.provider as ProviderKind) {
    case "openai":
      return createOpenAIChatModel({ ...spec, kind: "openai" });
    case "openai-compatible":
      return createOpenAIChatModel({ ...spec, kind: "openai-compatible" });
    case "ollama":
      return createOllamaChatModel(spec);
    case "anthropic":
      return createAnthropicChatModel(spec);
    default:
      throw unsupported(row, "chat");
  }
}

export function rerankModelFor(
  deps: Pick<Deps, "config">,
  row: ModelProviderRow,
  model: ModelRow,
): RerankModel {
  if (row.provider !== "openai-compatible") throw unsupported(row, "rerank");
  return createRerankModel(specOf(deps, row, model));
}

/**
 * rag's embedders, under the id users know (`name@<provider name>`, not rag's `name@<kind>`),
 * with their failures turned into ModelProviderErrors.
 */
export function embedderFor(deps: Pick<Deps, "config">, row: ModelProviderRow, model: ModelRow): Embedder {
  const spec = specOf(deps, row, model);
  const retry = { timeoutMs: spec.policy.timeoutMs, maxRetries: spec.policy.maxRetries };
  const kind = row.provider as ProviderKind;
  const inner =
    kind === "openai" || kind === "openai-compatible"
      ? createOpenAICompatibleEmbedder({
          ...retry,
          provider: kind,
          model: model.name,
          baseUrl: spec.baseUrl,
          ...(spec.apiKey ? { apiKey: spec.apiKey } : {}),
        })
      : kind === "ollama"
        ? createOllamaEmbedder({
            ...retry,
            model: model.name,
            baseUrl: spec.baseUrl,
            ...(spec.apiKey ? { apiKey: spec.apiKey } : {}),
          })
        : undefined;
  if (!inner) throw unsupported(row, "embedding");
  return {
    id: spec.id,
    get dimension() {
      return inner.dimension;
    },
    maxBatch: inner.maxBatch,
    async embed(texts, options) {
      try {
        return await inner.embed(texts, options);
      } catch (error) {
        throw toModelError(error, spec.label);
      }
    },
    close: () => inner.close(),
  };
}

function unsupported(row: ModelProviderRow, type: string) {
  return new AppError("BAD_REQUEST", {
    key: "error.modelTypeUnsupported",
    params: { provider: providerLabel(row), type },
  });
}
