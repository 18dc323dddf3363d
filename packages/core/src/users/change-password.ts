import { deleteUserSessions, findUserById, updateUser } from "@ragtime/db";
import type { Actor } from "../actor";
import { hashPassword, verifyPassword } from "../auth/secrets";
import type { Deps } from "../deps";
import { AppError, notFound } from "../errors";
import type { ChangePasswordInput } from "../schemas/index";

/** Changes the password and signs every other session out (the current one stays). */
export async function changePassword(
  deps: Deps,
  input: ChangePasswordInput & { actor: Actor },
): Promise<{ ok: true }> {
  const user = await findUserById(deps.database, input.actor.userId);
  if (!user) throw notFound("entity.user");
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("BAD_REQUEST", { key: "error.wrongPassword", field: "currentPassword" });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await deps.database.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash });
    await deleteUserSessions(tx, user.id, input.actor.sessionId);
  });
  return { ok: true };
}
