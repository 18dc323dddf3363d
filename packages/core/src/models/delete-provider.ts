import { deleteModelProvider, listProviderModels } from "@ragtime/db";
import { type Actor, assertCanManageTenant } from "../actor";
import type { Deps } from "../deps";
import { modelIdOf } from "../schemas/models";
import { assertNotUsedByKnowledgeBases, providerOf, replaceTenantDefaults } from "./provider-rules";

/**
 * Removes a provider, its models and its key (owner/admin). Refused while a knowledge base embeds
 * with one of its models; defaults naming its models are cleared in the same transaction.
 */
export async function deleteProvider(deps: Deps, input: { actor: Actor; id: string }): Promise<{ ok: true }> {
  const { actor } = input;
  assertCanManageTenant(actor);
  const tenantId = actor.tenantId;
  const row = await providerOf(deps.database, tenantId, input.id);
  const models = await listProviderModels(deps.database, [row.id]);
  const ids = models.map((m) => modelIdOf(m.name, row.name));
  await assertNotUsedByKnowledgeBases(
    deps.database,
    tenantId,
    models.filter((m) => m.type === "embedding").map((m) => modelIdOf(m.name, row.name)),
  );
  await deps.database.transaction(async (tx) => {
    await replaceTenantDefaults(tx, tenantId, new Map(ids.map((id) => [id, null])));
    await deleteModelProvider(tx, { tenantId, id: row.id });
  });
  return { ok: true };
}
