import type { MemberRole } from "@ragtime/db/schema";
import { forbidden } from "./errors";

/** Who is calling, in which tenant, with which role: every operation on tenant data takes one. */
export type Actor = {
  userId: string;
  tenantId: string;
  role: Exclude<MemberRole, "invited">;
  isSuperuser: boolean;
  via: "session" | "apiKey";
  /** The session the call came with (sessions only): lets "change password" keep this one. */
  sessionId?: string;
};

export function canManageTenant(actor: Actor): boolean {
  return actor.role === "owner" || actor.role === "admin";
}

export function assertCanManageTenant(actor: Actor): void {
  if (!canManageTenant(actor)) throw forbidden("error.forbiddenRole");
}
