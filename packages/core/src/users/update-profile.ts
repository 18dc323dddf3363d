import { updateUser } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import type { UpdateProfileInput, User } from "../schemas/index";
import { getMe } from "./get-me";

export async function updateProfile(deps: Deps, input: UpdateProfileInput & { actor: Actor }): Promise<User> {
  const { actor, ...patch } = input;
  const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length > 0) await updateUser(deps.database, actor.userId, changes);
  return getMe(deps, { actor });
}
