import { findUserById } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import type { User } from "../schemas/index";
import { toUser } from "./to-user";

export async function getMe(deps: Deps, input: { actor: Actor }): Promise<User> {
  const user = await findUserById(deps.database, input.actor.userId);
  if (!user) throw notFound("entity.user");
  return toUser(user);
}
