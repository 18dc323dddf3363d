import { updateTenant as updateTenantRow } from "@ragtime/db";
import { type Actor, assertCanManageTenant } from "../actor";
import type { Deps } from "../deps";
import type { Tenant, UpdateTenantInput } from "../schemas/index";
import { getTenant } from "./get-tenant";

/** Renames the workspace or sets its default models (owner/admin). */
export async function updateTenant(deps: Deps, input: UpdateTenantInput & { actor: Actor }): Promise<Tenant> {
  const { actor, ...patch } = input;
  assertCanManageTenant(actor);
  const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length > 0) await updateTenantRow(deps.database, actor.tenantId, changes);
  return getTenant(deps, { actor });
}
