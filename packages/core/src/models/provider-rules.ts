// Checks shared by the provider and model operations: what a kind needs, what it serves, and
// which knowledge bases and defaults point at a model.

import type { Database } from "@ragtime/db";
import { findModelProvider, findTenant, listKnowledgeBasesByEmbeddingModel, updateTenant } from "@ragtime/db";
import type { ModelProviderRow, ModelType } from "@ragtime/db/schema";
import { AppError, notFound } from "../errors";
import { type CatalogueEntry, PROVIDER_CATALOGUE, type ProviderKind } from "../schemas/models";
import { providerLabel } from "./provider-clients";

/** A model's context window when the user gives none. */
export const DEFAULT_CONTEXT_TOKENS = 8192;

export const nameTaken = (name: string) =>
  new AppError("CONFLICT", { key: "error.providerNameTaken", params: { name }, field: "name" });

export const modelTaken = (name: string, type: string) =>
  new AppError("CONFLICT", { key: "error.modelTaken", params: { name, type }, field: "name" });

export function catalogueEntry(kind: ProviderKind): CatalogueEntry {
  const entry = PROVIDER_CATALOGUE.find((e) => e.kind === kind);
  if (!entry) throw new Error(`no catalogue entry for ${kind}`);
  return entry;
}

/** A required key or base URL missing is a 400 naming the field. */
export function assertProviderSettings(
  kind: ProviderKind,
  name: string,
  settings: { hasApiKey: boolean; hasBaseUrl: boolean },
): void {
  const entry = catalogueEntry(kind);
  const provider = providerLabel({ provider: kind, name, baseUrl: null });
  if (entry.needsApiKey === "required" && !settings.hasApiKey) {
    throw new AppError("BAD_REQUEST", {
      key: "error.providerNeedsApiKey",
      params: { provider },
      field: "apiKey",
    });
  }
  if (entry.needsApiKey === "none" && settings.hasApiKey) {
    throw new AppError("BAD_REQUEST", {
      key: "error.providerNoApiKey",
      params: { provider },
      field: "apiKey",
    });
  }
  if (entry.needsBaseUrl === "required" && !settings.hasBaseUrl) {
    throw new AppError("BAD_REQUEST", {
      key: "error.providerNeedsBaseUrl",
      params: { provider },
      field: "baseUrl",
    });
  }
}

export function assertServes(kind: ProviderKind, name: string, type: ModelType): void {
  if (!catalogueEntry(kind).modelTypes.includes(type)) {
    throw new AppError("BAD_REQUEST", {
      key: "error.modelTypeUnsupported",
      params: { provider: providerLabel({ provider: kind, name, baseUrl: null }), type },
      field: "type",
    });
  }
}

/**
 * A knowledge base's vectors were made by its embedding model: removing (or renaming) that model
 * would leave them unusable, so it is refused with the name of the first such knowledge base.
 */
export async function assertNotUsedByKnowledgeBases(
  d: Database,
  tenantId: string,
  modelIds: string[],
): Promise<void> {
  const [used] = await listKnowledgeBasesByEmbeddingModel(d, { tenantId, modelIds });
  if (used) {
    throw new AppError("CONFLICT", {
      key: "error.modelInUse",
      params: { model: used.embeddingModel, kb: used.name },
    });
  }
}

const DEFAULT_FIELDS = {
  chatModel: "chat",
  embeddingModel: "embedding",
  rerankModel: "rerank",
  image2textModel: "image2text",
  asrModel: "asr",
  ttsModel: "tts",
} as const satisfies Record<string, ModelType>;
type DefaultField = keyof typeof DEFAULT_FIELDS;

/**
 * Re-points the tenant's defaults that name a model going away (`to: null`) or renamed, so that
 * no default names a model that no longer exists. `types`: only the defaults of these types.
 */
export async function replaceTenantDefaults(
  d: Database,
  tenantId: string,
  renames: Map<string, string | null>,
  types?: ModelType[],
): Promise<void> {
  if (renames.size === 0) return;
  const tenant = await findTenant(d, tenantId);
  if (!tenant) return;
  const patch: Partial<Record<DefaultField, string | null>> = {};
  for (const [field, type] of Object.entries(DEFAULT_FIELDS) as Array<[DefaultField, ModelType]>) {
    if (types && !types.includes(type)) continue;
    const current = tenant[field];
    if (current !== null && renames.has(current)) patch[field] = renames.get(current) ?? null;
  }
  if (Object.keys(patch).length > 0) await updateTenant(d, tenantId, patch);
}

/** The workspace's provider `id`; a 404 otherwise (another workspace's provider is not found either). */
export async function providerOf(
  database: Database,
  tenantId: string,
  id: string,
): Promise<ModelProviderRow> {
  const row = await findModelProvider(database, { tenantId, id });
  if (!row) throw notFound("entity.modelProvider");
  return row;
}
