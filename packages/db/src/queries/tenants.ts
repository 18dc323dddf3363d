import { and, asc, eq } from "drizzle-orm";
import { affectedRows, type Database } from "../client";
import type { MemberRole, TenantMemberRow, TenantRow, UserRow } from "../schema/index";

type NewRow<K extends keyof Database["t"]> = Database["t"][K]["$inferInsert"];

export async function insertTenant(d: Database, row: NewRow<"tenants"> & { id: string }): Promise<void> {
  await d.db.insert(d.t.tenants).values(row);
}

export async function findTenant(d: Database, id: string): Promise<TenantRow | undefined> {
  const [row] = await d.db.select().from(d.t.tenants).where(eq(d.t.tenants.id, id)).limit(1);
  return row;
}

export async function updateTenant(
  d: Database,
  id: string,
  patch: Partial<Omit<NewRow<"tenants">, "id" | "createdAt">>,
): Promise<void> {
  await d.db.update(d.t.tenants).set(patch).where(eq(d.t.tenants.id, id));
}

export async function insertMember(
  d: Database,
  row: NewRow<"tenantMembers"> & { id: string },
): Promise<void> {
  await d.db.insert(d.t.tenantMembers).values(row);
}

export async function findMember(
  d: Database,
  tenantId: string,
  userId: string,
): Promise<TenantMemberRow | undefined> {
  const m = d.t.tenantMembers;
  const [row] = await d.db
    .select()
    .from(m)
    .where(and(eq(m.tenantId, tenantId), eq(m.userId, userId)))
    .limit(1);
  return row;
}

export type MemberWithUser = {
  member: TenantMemberRow;
  user: Pick<UserRow, "id" | "email" | "nickname" | "avatar">;
};

export async function listMembers(d: Database, tenantId: string): Promise<MemberWithUser[]> {
  const { tenantMembers: m, users: u } = d.t;
  return d.db
    .select({ member: m, user: { id: u.id, email: u.email, nickname: u.nickname, avatar: u.avatar } })
    .from(m)
    .innerJoin(u, eq(u.id, m.userId))
    .where(eq(m.tenantId, tenantId))
    .orderBy(asc(m.createdAt), asc(m.id));
}

export type MembershipWithTenant = { member: TenantMemberRow; tenant: TenantRow };

/** Every tenant a user belongs to or is invited to, their own first. */
export async function listMemberships(d: Database, userId: string): Promise<MembershipWithTenant[]> {
  const { tenantMembers: m, tenants: t } = d.t;
  return d.db
    .select({ member: m, tenant: t })
    .from(m)
    .innerJoin(t, eq(t.id, m.tenantId))
    .where(eq(m.userId, userId))
    .orderBy(asc(m.createdAt), asc(m.id));
}

export async function updateMemberRole(
  d: Database,
  tenantId: string,
  userId: string,
  role: MemberRole,
): Promise<number> {
  const m = d.t.tenantMembers;
  const result = await d.db
    .update(m)
    .set({ role })
    .where(and(eq(m.tenantId, tenantId), eq(m.userId, userId)));
  return affectedRows(result);
}

export async function deleteMember(d: Database, tenantId: string, userId: string): Promise<number> {
  const m = d.t.tenantMembers;
  const result = await d.db.delete(m).where(and(eq(m.tenantId, tenantId), eq(m.userId, userId)));
  return affectedRows(result);
}
