import { listModelProviders, listProviderModels } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import type { ModelProvider } from "../schemas/models";
import { providerOf } from "./provider-rules";
import { toModelProvider } from "./to-model-provider";

/** The workspace's configured providers with their models (any member may read; keys masked). */
export async function listProviders(deps: Deps, input: { actor: Actor }): Promise<ModelProvider[]> {
  const rows = await listModelProviders(deps.database, input.actor.tenantId);
  const models = await listProviderModels(
    deps.database,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toModelProvider(deps, row, models));
}

export async function getProvider(deps: Deps, input: { actor: Actor; id: string }): Promise<ModelProvider> {
  const row = await providerOf(deps.database, input.actor.tenantId, input.id);
  return toModelProvider(deps, row, await listProviderModels(deps.database, [row.id]));
}
