import { findVisibleDocument } from "@ragtime/db";
import type { DocumentRow, KnowledgeBaseRow } from "@ragtime/db/schema";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { forbidden, notFound } from "../errors";
import { canEditKnowledgeBase } from "../knowledge-bases/to-knowledge-base";
import type { Document } from "../schemas/index";
import { toDocument } from "./to-document";

type Found = { document: DocumentRow; kb: KnowledgeBaseRow };

/** A document the actor may see (through its knowledge base); "not found" otherwise. */
export async function loadVisibleDocument(deps: Deps, actor: Actor, id: string): Promise<Found> {
  const found = await findVisibleDocument(deps.database, {
    tenantId: actor.tenantId,
    userId: actor.userId,
    id,
  });
  if (!found) throw notFound("entity.document");
  return found;
}

/** A document the actor may change: its knowledge base is theirs, or they are owner/admin. */
export async function loadEditableDocument(deps: Deps, actor: Actor, id: string): Promise<Found> {
  const found = await loadVisibleDocument(deps, actor, id);
  if (!canEditKnowledgeBase(actor, found.kb)) throw forbidden("error.forbiddenRole");
  return found;
}

export async function getDocument(deps: Deps, input: { actor: Actor; id: string }): Promise<Document> {
  return toDocument((await loadVisibleDocument(deps, input.actor, input.id)).document);
}
