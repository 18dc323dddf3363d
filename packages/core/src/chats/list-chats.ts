import { listChats as listRows } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import type { ChatList, ListChatsInput } from "../schemas/chats";
import { toChat } from "./to-chat";

/** The workspace's chat assistants, paged. */
export async function listChats(deps: Deps, input: ListChatsInput & { actor: Actor }): Promise<ChatList> {
  const { actor, ...query } = input;
  const { total, items } = await listRows(deps.database, { tenantId: actor.tenantId, ...query });
  return { total, items: items.map((row) => toChat(row, actor)) };
}
