import { findTenant, listTenantModels } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { BUILTIN_EMBEDDING_MODEL } from "../schemas/knowledge-bases";
import {
  BUILTIN_CHAT_MODEL,
  BUILTIN_PROVIDER_NAME,
  type CatalogueEntry,
  type ListModelsInput,
  type ModelInfo,
  modelIdOf,
  PROVIDER_CATALOGUE,
  type ProviderKind,
} from "../schemas/models";

/** The catalogue of provider kinds: what each serves and needs (static; any caller). */
export function listModelCatalogue(): CatalogueEntry[] {
  return PROVIDER_CATALOGUE;
}

/**
 * Every model the workspace can use, of one type or all: the built-in ones (the offline
 * embedder; the extractive answerer as a chat option) first, then the configured providers'.
 * `isDefault` marks the workspace's default per type (the built-ins when none is set).
 */
export async function listModels(
  deps: Deps,
  input: ListModelsInput & { actor: Actor },
): Promise<ModelInfo[]> {
  const tenantId = input.actor.tenantId;
  const [tenant, rows] = await Promise.all([
    findTenant(deps.database, tenantId),
    listTenantModels(deps.database, { tenantId, type: input.type }),
  ]);
  const defaults: Partial<Record<string, string>> = {
    chat: tenant?.chatModel ?? BUILTIN_CHAT_MODEL,
    embedding: tenant?.embeddingModel ?? BUILTIN_EMBEDDING_MODEL,
    rerank: tenant?.rerankModel ?? undefined,
    image2text: tenant?.image2textModel ?? undefined,
    asr: tenant?.asrModel ?? undefined,
    tts: tenant?.ttsModel ?? undefined,
  };
  const builtin = (PROVIDER_CATALOGUE.find((e) => e.kind === "builtin")?.builtinModels ?? []).map(
    (m): ModelInfo => ({
      id: m.id,
      name: m.id.slice(0, m.id.lastIndexOf("@")),
      type: m.type,
      provider: "builtin",
      providerName: BUILTIN_PROVIDER_NAME,
      providerId: null,
      maxTokens: m.maxTokens,
      isDefault: defaults[m.type] === m.id,
    }),
  );
  const configured = rows.map(({ model, provider }): ModelInfo => {
    const id = modelIdOf(model.name, provider.name);
    return {
      id,
      name: model.name,
      type: model.type,
      provider: provider.provider as ProviderKind,
      providerName: provider.name,
      providerId: provider.id,
      maxTokens: model.maxTokens,
      isDefault: defaults[model.type] === id,
    };
  });
  return [...builtin.filter((m) => !input.type || m.type === input.type), ...configured];
}
