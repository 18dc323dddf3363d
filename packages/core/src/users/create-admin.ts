import { findUserByEmail, updateUser } from "@ragtime/db";
import { hashPassword } from "../auth/secrets";
import type { Deps } from "../deps";
import type { CreateAdminInput, User } from "../schemas/index";
import { createUserWithTenant } from "./create-user";
import { toUser } from "./to-user";

/**
 * The operator's `ragtime create-admin`: creates a superuser, or promotes an existing account
 * (and sets the given password on it). Not exposed over the network.
 */
export async function createAdmin(
  deps: Deps,
  input: CreateAdminInput,
): Promise<{ user: User; created: boolean }> {
  const existing = await findUserByEmail(deps.database, input.email);
  if (existing) {
    const patch = { isSuperuser: true, isActive: true, passwordHash: await hashPassword(input.password) };
    await updateUser(deps.database, existing.id, patch);
    return { user: toUser({ ...existing, ...patch }), created: false };
  }
  const user = await createUserWithTenant(deps.database, { ...input, isSuperuser: true }, deps.now());
  return { user: toUser(user), created: true };
}
