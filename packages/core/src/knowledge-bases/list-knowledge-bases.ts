import { listKnowledgeBases as listRows } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import type { KnowledgeBaseList, ListKnowledgeBasesInput } from "../schemas/index";
import { toKnowledgeBase } from "./to-knowledge-base";

export async function listKnowledgeBases(
  deps: Deps,
  input: ListKnowledgeBasesInput & { actor: Actor },
): Promise<KnowledgeBaseList> {
  const { actor, ...query } = input;
  const { total, items } = await listRows(deps.database, {
    ...query,
    tenantId: actor.tenantId,
    userId: actor.userId,
  });
  return { total, items: items.map((row) => toKnowledgeBase(row, actor)) };
}
