import { limitAuthAttempt } from "../auth/rate-limit";
import { openSession } from "../auth/sessions";
import type { Deps } from "../deps";
import { conflict, forbidden } from "../errors";
import type { RegisterInput, SessionOutput } from "../schemas/index";
import { createUserWithTenant, isUniqueViolation } from "./create-user";
import { toUser } from "./to-user";

/** Signs a new person up: user + owned workspace, and signs them in. */
export async function register(
  deps: Deps,
  input: RegisterInput & { ip: string; userAgent?: string | undefined },
): Promise<SessionOutput> {
  if (!deps.config.REGISTRATION_ENABLED) throw forbidden("error.registrationDisabled");
  await limitAuthAttempt(deps, "register", input.ip);
  try {
    const user = await createUserWithTenant(deps.database, input, deps.now());
    const session = await openSession(deps, user.id, input.userAgent);
    return { user: toUser(user), token: session.token, expiresAt: session.expiresAt.toISOString() };
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("error.emailTaken");
    throw error;
  }
}
