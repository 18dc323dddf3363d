import {
  findModelProvider,
  findModelProviderByName,
  isUniqueViolation,
  listProviderModels,
  updateModelProvider,
} from "@ragtime/db";
import type { ModelProviderRow } from "@ragtime/db/schema";
import { type Actor, assertCanManageTenant } from "../actor";
import type { Deps } from "../deps";
import { AppError, notFound } from "../errors";
import {
  type ModelProvider,
  modelIdOf,
  type ProviderKind,
  type UpdateProviderInput,
} from "../schemas/models";
import { secretBoxFor } from "./crypto";
import { hostOf } from "./http";
import { keyContext } from "./provider-clients";
import {
  assertNotUsedByKnowledgeBases,
  assertProviderSettings,
  nameTaken,
  providerOf,
  replaceTenantDefaults,
} from "./provider-rules";
import { toModelProvider } from "./to-model-provider";

/**
 * Renames a provider, replaces or removes its key, changes its base URL (owner/admin). A rename
 * changes its models' ids (`name@provider`): the workspace's defaults follow; it is refused while
 * a knowledge base embeds with one of its models (the KB stores the id with its vectors).
 */
export async function updateProvider(
  deps: Deps,
  input: UpdateProviderInput & { actor: Actor },
): Promise<ModelProvider> {
  const { actor } = input;
  assertCanManageTenant(actor);
  const tenantId = actor.tenantId;
  const row = await providerOf(deps.database, tenantId, input.id);
  const kind = row.provider as ProviderKind;
  const name = input.name ?? row.name;
  const hasApiKey = input.apiKey === undefined ? row.apiKeyEncrypted !== null : input.apiKey !== null;
  const hasBaseUrl = input.baseUrl === undefined ? row.baseUrl !== null : input.baseUrl !== null;
  assertProviderSettings(kind, name, { hasApiKey, hasBaseUrl });
  // A stored key follows its provider only to the server it was entered for: pointing the base URL
  // at another host (an admin could pick one they control) requires the key to be entered again.
  const hostOfBaseUrl = (url: string | null) => (url ? hostOf(url) : "");
  if (
    input.baseUrl !== undefined &&
    input.apiKey === undefined &&
    row.apiKeyEncrypted !== null &&
    hostOfBaseUrl(input.baseUrl) !== hostOfBaseUrl(row.baseUrl)
  ) {
    throw new AppError("BAD_REQUEST", {
      key: "error.providerKeyForNewHost",
      params: { name },
      field: "apiKey",
    });
  }

  const patch: Partial<Pick<ModelProviderRow, "name" | "apiKeyEncrypted" | "baseUrl">> = {};
  if (input.apiKey !== undefined) {
    patch.apiKeyEncrypted =
      input.apiKey === null ? null : secretBoxFor(deps.config).encrypt(input.apiKey, keyContext(row));
  }
  if (input.baseUrl !== undefined) patch.baseUrl = input.baseUrl;
  const models = await listProviderModels(deps.database, [row.id]);
  const renames = new Map<string, string | null>();
  if (name !== row.name) {
    const other = await findModelProviderByName(deps.database, tenantId, name);
    if (other && other.id !== row.id) throw nameTaken(name);
    await assertNotUsedByKnowledgeBases(
      deps.database,
      tenantId,
      models.filter((m) => m.type === "embedding").map((m) => modelIdOf(m.name, row.name)),
    );
    patch.name = name;
    for (const m of models) renames.set(modelIdOf(m.name, row.name), modelIdOf(m.name, name));
  }
  if (Object.keys(patch).length > 0) {
    try {
      await deps.database.transaction(async (tx) => {
        await updateModelProvider(tx, { tenantId, id: row.id }, patch);
        await replaceTenantDefaults(tx, tenantId, renames);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(name);
      throw error;
    }
  }
  const updated = await findModelProvider(deps.database, { tenantId, id: row.id });
  if (!updated) throw notFound("entity.modelProvider");
  return toModelProvider(deps, updated, models);
}
