import { deleteSession } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";

/** Ends the session the call came with (an API key has none to end). */
export async function logout(deps: Deps, input: { actor: Actor }): Promise<{ ok: true }> {
  if (input.actor.sessionId) await deleteSession(deps.database, input.actor.sessionId);
  return { ok: true };
}
