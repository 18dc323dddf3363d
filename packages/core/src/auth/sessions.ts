import {
  deleteSession,
  extendSession,
  findSessionWithMemberships,
  insertSession,
  type SessionMembership,
  type UserRow,
} from "@ragtime/db";
import type { Deps } from "../deps";
import { randomToken, sha256Hex } from "./secrets";

const DAY = 86_400_000;

/** Opens a session: the token goes to the client, its SHA-256 is the stored id. */
export async function openSession(
  deps: Deps,
  userId: string,
  userAgent?: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.config.SESSION_TTL_DAYS * DAY);
  await insertSession(deps.database, {
    id: sha256Hex(token),
    userId,
    expiresAt,
    userAgent: userAgent?.slice(0, 255) ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return { token, expiresAt };
}

/**
 * Resolves a session token. Expiry slides: once half the lifetime has passed, the session is
 * extended by a full lifetime (one write per half-life, not one per request).
 */
export async function validateSessionToken(
  deps: Deps,
  token: string,
): Promise<
  { sessionId: string; user: UserRow; expiresAt: Date; memberships: SessionMembership[] } | undefined
> {
  const sessionId = sha256Hex(token);
  const found = await findSessionWithMemberships(deps.database, sessionId);
  if (!found) return undefined;
  const now = deps.now().getTime();
  let expiresAt = found.session.expiresAt;
  if (expiresAt.getTime() <= now) {
    await deleteSession(deps.database, sessionId);
    return undefined;
  }
  const ttl = deps.config.SESSION_TTL_DAYS * DAY;
  if (expiresAt.getTime() - now < ttl / 2) {
    expiresAt = new Date(now + ttl);
    await extendSession(deps.database, sessionId, expiresAt);
  }
  return { sessionId, user: found.user, expiresAt, memberships: found.memberships };
}
