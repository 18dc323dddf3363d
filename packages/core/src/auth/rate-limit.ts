import type { Deps } from "../deps";
import { AppError } from "../errors";

const MINUTE = 60_000;

/**
 * Throttles sign-in, sign-up and reset attempts per client IP and per e-mail (SPEC §8), so a
 * guesser can neither hammer one account nor spray many from one address.
 */
export async function limitAuthAttempt(
  deps: Deps,
  action: "login" | "register" | "reset",
  ip: string,
  email?: string,
): Promise<void> {
  const checks = [deps.rateLimiter.hit(`${action}:ip:${ip}`, deps.config.AUTH_RATE_LIMIT_PER_IP, MINUTE)];
  if (email && action !== "register") {
    checks.push(
      deps.rateLimiter.hit(`${action}:email:${email}`, deps.config.AUTH_RATE_LIMIT_PER_EMAIL, 15 * MINUTE),
    );
  }
  const results = await Promise.all(checks);
  const blocked = results.filter((r) => !r.allowed);
  if (blocked.length > 0) {
    const seconds = Math.ceil(Math.max(...blocked.map((r) => r.retryAfterMs)) / 1000);
    throw new AppError("RATE_LIMITED", { params: { seconds } });
  }
}
