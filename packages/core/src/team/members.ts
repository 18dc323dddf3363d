import {
  deleteMember,
  findMember,
  findUserByEmail,
  insertMember,
  listMembers as listMemberRows,
  updateMemberRole,
} from "@ragtime/db";
import { type Actor, assertCanManageTenant } from "../actor";
import type { Deps } from "../deps";
import { AppError, conflict, notFound } from "../errors";
import { newId } from "../ids";
import type { ChangeRoleInput, InviteMemberInput, Member } from "../schemas/index";
import { isUniqueViolation } from "../users/create-user";

/** Members and pending invitations of the actor's workspace. Any member may see who is in it. */
export async function listMembers(deps: Deps, input: { actor: Actor }): Promise<Member[]> {
  const rows = await listMemberRows(deps.database, input.actor.tenantId);
  return rows.map(({ member, user }) => ({
    userId: user.id,
    email: user.email,
    nickname: user.nickname,
    avatar: user.avatar,
    role: member.role,
    invitedBy: member.invitedBy,
    since: member.createdAt.toISOString(),
  }));
}

/**
 * Invites an existing account into the workspace (owner/admin). The invitee sees the invitation
 * in their workspace list and accepts or declines it; until then they have no access. Accepting
 * makes them a `member`; an owner or admin may then make them an admin.
 */
export async function inviteMember(deps: Deps, input: InviteMemberInput & { actor: Actor }): Promise<Member> {
  const { actor } = input;
  assertCanManageTenant(actor);
  const invitee = await findUserByEmail(deps.database, input.email);
  if (!invitee) throw new AppError("NOT_FOUND", { key: "error.noSuchInvitee", field: "email" });
  if (await findMember(deps.database, actor.tenantId, invitee.id)) throw conflict("error.alreadyMember");
  const now = deps.now();
  try {
    await insertMember(deps.database, {
      id: newId(now.getTime()),
      tenantId: actor.tenantId,
      userId: invitee.id,
      role: "invited",
      invitedBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("error.alreadyMember");
    throw error;
  }
  return {
    userId: invitee.id,
    email: invitee.email,
    nickname: invitee.nickname,
    avatar: invitee.avatar,
    role: "invited",
    invitedBy: actor.userId,
    since: now.toISOString(),
  };
}

/** The invitee accepts: they become a member of that workspace. */
export async function acceptInvitation(
  deps: Deps,
  input: { actor: Actor; tenantId: string },
): Promise<{ ok: true }> {
  const member = await findMember(deps.database, input.tenantId, input.actor.userId);
  if (member?.role !== "invited") throw new AppError("NOT_FOUND", { key: "error.notInvited" });
  await updateMemberRole(deps.database, input.tenantId, input.actor.userId, "member");
  return { ok: true };
}

/**
 * The user leaves a workspace, or declines an invitation to it. An owner cannot leave the
 * workspace they own.
 */
export async function leaveTenant(
  deps: Deps,
  input: { actor: Actor; tenantId: string },
): Promise<{ ok: true }> {
  const member = await findMember(deps.database, input.tenantId, input.actor.userId);
  if (!member) throw notFound("entity.tenant");
  if (member.role === "owner") throw new AppError("FORBIDDEN", { key: "error.ownerImmutable" });
  await deleteMember(deps.database, input.tenantId, input.actor.userId);
  return { ok: true };
}

async function findManagedMember(deps: Deps, actor: Actor, userId: string) {
  assertCanManageTenant(actor);
  const member = await findMember(deps.database, actor.tenantId, userId);
  if (!member) throw notFound("entity.member");
  if (member.role === "owner") throw new AppError("FORBIDDEN", { key: "error.ownerImmutable" });
  return member;
}

/** Owner/admin: make a member an admin or an admin a member. The owner's role never changes. */
export async function changeMemberRole(
  deps: Deps,
  input: ChangeRoleInput & { actor: Actor },
): Promise<Member> {
  const member = await findManagedMember(deps, input.actor, input.userId);
  if (member.role === "invited") throw new AppError("CONFLICT", { key: "error.notInvited" });
  await updateMemberRole(deps.database, input.actor.tenantId, input.userId, input.role);
  const updated = (await listMembers(deps, { actor: input.actor })).find((m) => m.userId === input.userId);
  if (!updated) throw notFound("entity.member");
  return updated;
}

/** Owner/admin: remove a member or withdraw an invitation. */
export async function removeMember(
  deps: Deps,
  input: { actor: Actor; userId: string },
): Promise<{ ok: true }> {
  await findManagedMember(deps, input.actor, input.userId);
  await deleteMember(deps.database, input.actor.tenantId, input.userId);
  return { ok: true };
}
