import { findApiKeyByHash, findMember, findUserById, touchApiKey, type UserRow } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import { isApiKeySecret, sha256Hex } from "./secrets";
import { validateSessionToken } from "./sessions";

export type Authenticated = { actor: Actor; user: UserRow };

const TOUCH_INTERVAL_MS = 60_000;

/**
 * Turns a bearer token (session token or `rt-…` API key) into an actor, or undefined when the
 * token is unknown, expired, revoked, or its user is disabled.
 *
 * A session acts in the user's own workspace unless `tenantId` names another workspace the user
 * has joined. An API key acts in its workspace as the member who created it, with that member's
 * current role: removing the member disables their keys.
 */
export async function authenticate(
  deps: Deps,
  input: { token: string; tenantId?: string | undefined },
): Promise<Authenticated | undefined> {
  if (isApiKeySecret(input.token)) return authenticateApiKey(deps, input.token);
  const session = await validateSessionToken(deps, input.token);
  if (!session?.user.isActive) return undefined;
  const joined = session.memberships;
  const chosen = input.tenantId
    ? joined.find((m) => m.tenantId === input.tenantId)
    : (joined.find((m) => m.role === "owner") ?? joined[0]);
  if (!chosen) {
    if (input.tenantId) throw notFound("entity.tenant");
    return undefined;
  }
  const { role } = chosen;
  if (role === "invited") return undefined;
  return {
    user: session.user,
    actor: {
      userId: session.user.id,
      tenantId: chosen.tenantId,
      role,
      isSuperuser: session.user.isSuperuser,
      via: "session",
      sessionId: session.sessionId,
    },
  };
}

async function authenticateApiKey(deps: Deps, secret: string): Promise<Authenticated | undefined> {
  const key = await findApiKeyByHash(deps.database, sha256Hex(secret));
  const now = deps.now();
  if (!key || (key.expiresAt && key.expiresAt.getTime() <= now.getTime())) return undefined;
  const [user, member] = await Promise.all([
    findUserById(deps.database, key.createdBy),
    findMember(deps.database, key.tenantId, key.createdBy),
  ]);
  if (!user?.isActive || !member || member.role === "invited") return undefined;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await touchApiKey(deps.database, key.id, now);
  }
  return {
    user,
    actor: {
      userId: user.id,
      tenantId: key.tenantId,
      role: member.role,
      isSuperuser: user.isSuperuser,
      via: "apiKey",
    },
  };
}
