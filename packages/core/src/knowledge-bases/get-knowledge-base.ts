import { findKnowledgeBase, type KnowledgeBaseRow } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { forbidden, notFound } from "../errors";
import type { KnowledgeBase } from "../schemas/index";
import { canEditKnowledgeBase, toKnowledgeBase } from "./to-knowledge-base";

/** The row if the actor may see it; "not found" for unknown, foreign and private-to-others alike. */
export async function loadVisibleKnowledgeBase(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<KnowledgeBaseRow> {
  const row = await findKnowledgeBase(deps.database, { tenantId: actor.tenantId, userId: actor.userId, id });
  if (!row) throw notFound("entity.knowledgeBase");
  return row;
}

/** The row if the actor may change it (visible AND creator or owner/admin). */
export async function loadEditableKnowledgeBase(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<KnowledgeBaseRow> {
  const row = await loadVisibleKnowledgeBase(deps, actor, id);
  if (!canEditKnowledgeBase(actor, row)) throw forbidden("error.forbiddenRole");
  return row;
}

export async function getKnowledgeBase(
  deps: Deps,
  input: { actor: Actor; id: string },
): Promise<KnowledgeBase> {
  return toKnowledgeBase(await loadVisibleKnowledgeBase(deps, input.actor, input.id), input.actor);
}
