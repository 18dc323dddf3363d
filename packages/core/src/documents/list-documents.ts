import { listDocuments as listRows } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { loadVisibleKnowledgeBase } from "../knowledge-bases/get-knowledge-base";
import type { DocumentList, ListDocumentsInput } from "../schemas/index";
import { toDocument } from "./to-document";

export async function listDocuments(
  deps: Deps,
  input: ListDocumentsInput & { actor: Actor },
): Promise<DocumentList> {
  const { actor, createdFrom, createdTo, ...query } = input;
  await loadVisibleKnowledgeBase(deps, actor, input.kbId);
  const { total, items } = await listRows(deps.database, {
    ...query,
    createdFrom: createdFrom ? new Date(createdFrom) : undefined,
    createdTo: createdTo ? new Date(createdTo) : undefined,
  });
  return { total, items: items.map(toDocument) };
}
