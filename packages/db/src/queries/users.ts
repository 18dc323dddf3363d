import { and, asc, eq, lt, ne } from "drizzle-orm";
import type { Database } from "../client";
import type { PasswordResetRow, SessionRow, TenantMemberRow, UserRow } from "../schema/index";

type NewRow<K extends keyof Database["t"]> = Database["t"][K]["$inferInsert"];

export async function findUserById(d: Database, id: string): Promise<UserRow | undefined> {
  const [row] = await d.db.select().from(d.t.users).where(eq(d.t.users.id, id)).limit(1);
  return row;
}

/** `email` must already be normalised (trimmed, lower-cased). */
export async function findUserByEmail(d: Database, email: string): Promise<UserRow | undefined> {
  const [row] = await d.db.select().from(d.t.users).where(eq(d.t.users.email, email)).limit(1);
  return row;
}

export async function insertUser(d: Database, row: NewRow<"users"> & { id: string }): Promise<void> {
  await d.db.insert(d.t.users).values(row);
}

export async function updateUser(
  d: Database,
  id: string,
  patch: Partial<Omit<NewRow<"users">, "id" | "createdAt">>,
): Promise<void> {
  await d.db.update(d.t.users).set(patch).where(eq(d.t.users.id, id));
}

export async function insertSession(d: Database, row: NewRow<"sessions">): Promise<void> {
  await d.db.insert(d.t.sessions).values(row);
}

export async function findSession(
  d: Database,
  id: string,
): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const [row] = await d.db
    .select({ session: d.t.sessions, user: d.t.users })
    .from(d.t.sessions)
    .innerJoin(d.t.users, eq(d.t.users.id, d.t.sessions.userId))
    .where(eq(d.t.sessions.id, id))
    .limit(1);
  return row;
}

export type SessionMembership = { tenantId: string; role: TenantMemberRow["role"] };

/**
 * A session with its user and the workspaces the user has joined (not mere invitations), in one
 * round trip: this runs on every authenticated request.
 */
export async function findSessionWithMemberships(
  d: Database,
  id: string,
): Promise<{ session: SessionRow; user: UserRow; memberships: SessionMembership[] } | undefined> {
  const { sessions, users, tenantMembers: m } = d.t;
  const rows = await d.db
    .select({ session: sessions, user: users, tenantId: m.tenantId, role: m.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(m, and(eq(m.userId, sessions.userId), ne(m.role, "invited")))
    .where(eq(sessions.id, id))
    .orderBy(asc(m.createdAt), asc(m.id));
  const [first] = rows;
  if (!first) return undefined;
  const memberships = rows.flatMap((r) =>
    r.tenantId && r.role ? [{ tenantId: r.tenantId, role: r.role }] : [],
  );
  return { session: first.session, user: first.user, memberships };
}

export async function extendSession(d: Database, id: string, expiresAt: Date): Promise<void> {
  await d.db.update(d.t.sessions).set({ expiresAt }).where(eq(d.t.sessions.id, id));
}

export async function deleteSession(d: Database, id: string): Promise<void> {
  await d.db.delete(d.t.sessions).where(eq(d.t.sessions.id, id));
}

/** Signs a user out everywhere (password change, deactivation), optionally keeping one session. */
export async function deleteUserSessions(d: Database, userId: string, keepSessionId?: string): Promise<void> {
  const { sessions } = d.t;
  const byUser = eq(sessions.userId, userId);
  await d.db.delete(sessions).where(keepSessionId ? and(byUser, ne(sessions.id, keepSessionId)) : byUser);
}

export async function deleteExpiredSessions(d: Database, now: Date): Promise<void> {
  await d.db.delete(d.t.sessions).where(lt(d.t.sessions.expiresAt, now));
}

export async function insertPasswordReset(d: Database, row: NewRow<"passwordResets">): Promise<void> {
  await d.db.insert(d.t.passwordResets).values(row);
}

export async function findPasswordReset(d: Database, id: string): Promise<PasswordResetRow | undefined> {
  const [row] = await d.db.select().from(d.t.passwordResets).where(eq(d.t.passwordResets.id, id)).limit(1);
  return row;
}

export async function deletePasswordResets(d: Database, userId: string): Promise<void> {
  await d.db.delete(d.t.passwordResets).where(eq(d.t.passwordResets.userId, userId));
}
