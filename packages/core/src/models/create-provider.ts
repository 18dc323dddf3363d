import {
  findModelProviderByName,
  insertModel,
  insertModelProvider,
  isUniqueViolation,
  listProviderModels,
} from "@ragtime/db";
import type { ModelProviderRow } from "@ragtime/db/schema";
import { type Actor, assertCanManageTenant } from "../actor";
import type { Deps } from "../deps";
import { newId } from "../ids";
import type { CreateProviderInput, ModelProvider } from "../schemas/models";
import { secretBoxFor } from "./crypto";
import { keyContext } from "./provider-clients";
import {
  assertProviderSettings,
  assertServes,
  DEFAULT_CONTEXT_TOKENS,
  modelTaken,
  nameTaken,
} from "./provider-rules";
import { toModelProvider } from "./to-model-provider";

/**
 * Adds a model provider to the workspace (owner/admin), optionally with its models, in one
 * transaction. The API key is encrypted before it is stored and only ever shown masked.
 */
export async function createProvider(
  deps: Deps,
  input: CreateProviderInput & { actor: Actor },
): Promise<ModelProvider> {
  const { actor } = input;
  assertCanManageTenant(actor);
  const kind = input.provider;
  const name = input.name ?? kind;
  assertProviderSettings(kind, name, {
    hasApiKey: input.apiKey !== undefined,
    hasBaseUrl: input.baseUrl !== undefined,
  });
  const models = input.models ?? [];
  const seen = new Set<string>();
  for (const model of models) {
    assertServes(kind, name, model.type);
    const key = `${model.type}\u0000${model.name.toLowerCase()}`;
    if (seen.has(key)) throw modelTaken(model.name, model.type);
    seen.add(key);
  }
  if (await findModelProviderByName(deps.database, actor.tenantId, name)) throw nameTaken(name);

  const now = deps.now();
  const id = newId(now.getTime());
  const row: ModelProviderRow = {
    id,
    tenantId: actor.tenantId,
    provider: kind,
    name,
    apiKeyEncrypted: null,
    baseUrl: input.baseUrl ?? null,
    createdAt: now,
    updatedAt: now,
  };
  if (input.apiKey !== undefined)
    row.apiKeyEncrypted = secretBoxFor(deps.config).encrypt(input.apiKey, keyContext(row));
  try {
    await deps.database.transaction(async (tx) => {
      await insertModelProvider(tx, row);
      for (const model of models) {
        await insertModel(tx, {
          id: newId(now.getTime()),
          providerId: id,
          name: model.name,
          type: model.type,
          maxTokens: model.maxTokens ?? DEFAULT_CONTEXT_TOKENS,
          createdAt: now,
          updatedAt: now,
        });
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
  return toModelProvider(deps, row, await listProviderModels(deps.database, [id]));
}
