import { type ChatRow, findChat } from "@ragtime/db";
import { type Actor, canManageTenant } from "../actor";
import type { Deps } from "../deps";
import { forbidden, notFound } from "../errors";
import { type Chat, ZChatPrompt, ZLlmSettings } from "../schemas/chats";

/**
 * Chats belong to the workspace: every member sees and uses them; their creator, an owner or an
 * admin may change or delete them (as for knowledge bases).
 */
export function canEditChat(actor: Actor, row: Pick<ChatRow, "createdBy">): boolean {
  return canManageTenant(actor) || row.createdBy === actor.userId;
}

export function toChat(row: ChatRow, actor: Actor): Chat {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    icon: row.icon,
    kbIds: row.kbIds,
    chatModel: row.chatModel,
    // Stored JSON is read through the schema so settings added later get their defaults.
    llmSettings: ZLlmSettings.parse(row.llmSettings),
    prompt: ZChatPrompt.parse(row.prompt),
    topN: row.topN,
    topK: row.topK,
    similarityThreshold: row.similarityThreshold,
    vectorSimilarityWeight: row.vectorSimilarityWeight,
    rerankModel: row.rerankModel,
    createdBy: row.createdBy,
    canEdit: canEditChat(actor, row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function loadChat(deps: Deps, actor: Actor, id: string): Promise<ChatRow> {
  const row = await findChat(deps.database, { tenantId: actor.tenantId, id });
  if (!row) throw notFound("entity.chat");
  return row;
}

export async function loadEditableChat(deps: Deps, actor: Actor, id: string): Promise<ChatRow> {
  const row = await loadChat(deps, actor, id);
  if (!canEditChat(actor, row)) throw forbidden("error.forbiddenRole");
  return row;
}
