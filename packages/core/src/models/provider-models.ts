import {
  deleteModel,
  findModel,
  insertModel,
  isUniqueViolation,
  listProviderModels,
  updateModel,
} from "@ragtime/db";
import { type Actor, assertCanManageTenant } from "../actor";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import { newId } from "../ids";
import {
  type AddModelInput,
  type DeleteModelInput,
  type ModelProvider,
  modelIdOf,
  type ProviderKind,
  type UpdateModelInput,
} from "../schemas/models";
import {
  assertNotUsedByKnowledgeBases,
  assertServes,
  DEFAULT_CONTEXT_TOKENS,
  modelTaken,
  providerOf,
  replaceTenantDefaults,
} from "./provider-rules";
import { toModelProvider } from "./to-model-provider";

/** Adds a model (name, type, context size) to a provider (owner/admin); answers the provider. */
export async function addProviderModel(
  deps: Deps,
  input: AddModelInput & { actor: Actor },
): Promise<ModelProvider> {
  const { actor } = input;
  assertCanManageTenant(actor);
  const row = await providerOf(deps.database, actor.tenantId, input.id);
  assertServes(row.provider as ProviderKind, row.name, input.type);
  const existing = await listProviderModels(deps.database, [row.id]);
  if (existing.some((m) => m.type === input.type && m.name.toLowerCase() === input.name.toLowerCase())) {
    throw modelTaken(input.name, input.type);
  }
  const now = deps.now();
  try {
    await insertModel(deps.database, {
      id: newId(now.getTime()),
      providerId: row.id,
      name: input.name,
      type: input.type,
      maxTokens: input.maxTokens ?? DEFAULT_CONTEXT_TOKENS,
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw modelTaken(input.name, input.type);
    throw error;
  }
  return toModelProvider(deps, row, await listProviderModels(deps.database, [row.id]));
}

/**
 * Removes a model from a provider (owner/admin). Refused while a knowledge base embeds with it;
 * a default naming it is cleared.
 */
export async function deleteProviderModel(
  deps: Deps,
  input: DeleteModelInput & { actor: Actor },
): Promise<ModelProvider> {
  const { actor } = input;
  assertCanManageTenant(actor);
  const tenantId = actor.tenantId;
  const row = await providerOf(deps.database, tenantId, input.id);
  const model = await findModel(deps.database, { tenantId, providerId: row.id, id: input.modelId });
  if (!model) throw notFound("entity.model");
  const modelId = modelIdOf(model.name, row.name);
  if (model.type === "embedding") await assertNotUsedByKnowledgeBases(deps.database, tenantId, [modelId]);
  await deps.database.transaction(async (tx) => {
    // Only the default of its type: the same name may remain under another type.
    await replaceTenantDefaults(tx, tenantId, new Map([[modelId, null]]), [model.type]);
    await deleteModel(tx, { tenantId, providerId: row.id, id: model.id });
  });
  return toModelProvider(deps, row, await listProviderModels(deps.database, [row.id]));
}

/** Changes a model's context size (owner/admin); answers the provider. */
export async function updateProviderModel(
  deps: Deps,
  input: UpdateModelInput & { actor: Actor },
): Promise<ModelProvider> {
  const { actor } = input;
  assertCanManageTenant(actor);
  const tenantId = actor.tenantId;
  const row = await providerOf(deps.database, tenantId, input.id);
  const changed = await updateModel(
    deps.database,
    { tenantId, providerId: row.id, id: input.modelId },
    { maxTokens: input.maxTokens },
  );
  if (
    changed === 0 &&
    !(await findModel(deps.database, { tenantId, providerId: row.id, id: input.modelId }))
  ) {
    throw notFound("entity.model");
  }
  return toModelProvider(deps, row, await listProviderModels(deps.database, [row.id]));
}
