import {
  deletePasswordResets,
  deleteUserSessions,
  findPasswordReset,
  findUserByEmail,
  insertPasswordReset,
  updateUser,
} from "@ragtime/db";
import { limitAuthAttempt } from "../auth/rate-limit";
import { hashPassword, randomToken, sha256Hex } from "../auth/secrets";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import type { ResetPasswordInput } from "../schemas/index";

const RESET_TTL_MS = 60 * 60_000;

/**
 * E-mails a one-hour reset link when the account exists. The answer is the same either way,
 * so the form cannot be used to find out who has an account.
 */
export async function requestPasswordReset(
  deps: Deps,
  input: { email: string; ip: string },
): Promise<{ ok: true }> {
  await limitAuthAttempt(deps, "reset", input.ip, input.email);
  const user = await findUserByEmail(deps.database, input.email);
  if (!user?.isActive) return { ok: true };
  const token = randomToken(24);
  const now = deps.now();
  await insertPasswordReset(deps.database, {
    id: sha256Hex(token),
    userId: user.id,
    expiresAt: new Date(now.getTime() + RESET_TTL_MS),
    createdAt: now,
    updatedAt: now,
  });
  const link = new URL(
    `/reset-password?token=${encodeURIComponent(token)}`,
    deps.config.PUBLIC_URL,
  ).toString();
  await deps.mailer.send({
    to: user.email,
    subject: "Reset your Ragtime password",
    text: `Someone asked to reset the password of your Ragtime account.\nOpen this link within an hour to choose a new one:\n${link}\n\nIf it was not you, ignore this e-mail.`,
  });
  return { ok: true };
}

/** Sets a new password from a reset token; every session of the account is signed out. */
export async function resetPassword(deps: Deps, input: ResetPasswordInput): Promise<{ ok: true }> {
  const reset = await findPasswordReset(deps.database, sha256Hex(input.token));
  if (!reset || reset.expiresAt.getTime() <= deps.now().getTime()) {
    throw new AppError("BAD_REQUEST", { key: "error.resetTokenInvalid", field: "token" });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await deps.database.transaction(async (tx) => {
    await updateUser(tx, reset.userId, { passwordHash });
    await deletePasswordResets(tx, reset.userId);
    await deleteUserSessions(tx, reset.userId);
  });
  return { ok: true };
}
