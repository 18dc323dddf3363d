import { findTenant, listMemberships } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import type { Membership, Tenant } from "../schemas/index";

/** The workspace the actor is acting in, with its default models. */
export async function getTenant(deps: Deps, input: { actor: Actor }): Promise<Tenant> {
  const tenant = await findTenant(deps.database, input.actor.tenantId);
  if (!tenant) throw notFound("entity.tenant");
  const { updatedAt: _updated, createdAt, ...rest } = tenant;
  return { ...rest, createdAt: createdAt.toISOString(), role: input.actor.role };
}

/** Every workspace the user belongs to or is invited to (pending invitations have role `invited`). */
export async function listMyTenants(deps: Deps, input: { actor: Actor }): Promise<Membership[]> {
  const rows = await listMemberships(deps.database, input.actor.userId);
  return rows.map(({ member, tenant }) => ({
    tenantId: tenant.id,
    tenantName: tenant.name,
    role: member.role,
    joinedAt: member.createdAt.toISOString(),
  }));
}
