import { findUserByEmail, updateUser } from "@ragtime/db";
import { limitAuthAttempt } from "../auth/rate-limit";
import { dummyPasswordHash, verifyPassword } from "../auth/secrets";
import { openSession } from "../auth/sessions";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import type { LoginInput, SessionOutput } from "../schemas/index";
import { toUser } from "./to-user";

export async function login(
  deps: Deps,
  input: LoginInput & { ip: string; userAgent?: string | undefined },
): Promise<SessionOutput> {
  await limitAuthAttempt(deps, "login", input.ip, input.email);
  const user = await findUserByEmail(deps.database, input.email);
  // Same work whether or not the account exists, and the same answer: no account enumeration.
  const isValid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user?.passwordHash || !isValid)
    throw new AppError("UNAUTHORIZED", { key: "error.invalidCredentials" });
  if (!user.isActive) throw new AppError("FORBIDDEN", { key: "error.accountDisabled" });
  const now = deps.now();
  await updateUser(deps.database, user.id, { lastLoginAt: now });
  const session = await openSession(deps, user.id, input.userAgent);
  return {
    user: toUser({ ...user, lastLoginAt: now }),
    token: session.token,
    expiresAt: session.expiresAt.toISOString(),
  };
}
