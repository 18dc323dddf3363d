import { findKnowledgeBase, type KnowledgeBaseRow } from "@ragtime/db";
import type { Actor } from "../actor";
import { chatModelFor } from "../completion/services";
import type { Deps } from "../deps";
import { AppError, badRequest } from "../errors";
import { resolveRerankModel } from "../models/resolve";
import { type ChatPromptInput, KNOWLEDGE_VARIABLE } from "../schemas/chats";

/**
 * The knowledge bases a chat may answer from (SPEC §6): each readable by the actor, each with
 * parsed documents (a chat over an empty KB could only ever answer "nothing found"), and all on
 * one embedding model (one question vector must be comparable with every chunk). Returns the
 * rows, in the order given, duplicates removed.
 */
export async function checkChatKnowledgeBases(
  deps: Deps,
  actor: Actor,
  kbIds: readonly string[],
): Promise<KnowledgeBaseRow[]> {
  const rows: KnowledgeBaseRow[] = [];
  for (const [i, id] of [...new Set(kbIds)].entries()) {
    const row = await findKnowledgeBase(deps.database, {
      tenantId: actor.tenantId,
      userId: actor.userId,
      id,
    });
    if (!row) {
      throw new AppError("NOT_FOUND", { params: { entity: "entity.knowledgeBase" }, field: `kbIds.${i}` });
    }
    if (row.chunkCount <= 0) throw badRequest("error.kbNotParsed", { name: row.name }, `kbIds.${i}`);
    const first = rows[0];
    if (first && first.embeddingModel !== row.embeddingModel) {
      throw badRequest(
        "error.kbEmbeddingMismatch",
        {
          first: first.name,
          firstModel: first.embeddingModel,
          second: row.name,
          secondModel: row.embeddingModel,
        },
        `kbIds.${i}`,
      );
    }
    rows.push(row);
  }
  return rows;
}

/** The system prompt must have a place for the passages when there are knowledge bases. */
export function checkChatPrompt(prompt: ChatPromptInput, kbIds: readonly string[]): void {
  if (kbIds.length > 0 && !prompt.system.includes(`{${KNOWLEDGE_VARIABLE}}`)) {
    throw badRequest("error.chatKnowledgePlaceholder", {}, "prompt.system");
  }
}

/** Re-raises a model lookup's 400 on the chat's field, so clients can point at it. */
async function onField(field: string, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof AppError && error.code === "BAD_REQUEST") {
      throw new AppError("BAD_REQUEST", { key: error.key, params: error.params, field, cause: error });
    }
    throw error;
  }
}

/** A chat model named explicitly must be one the workspace has configured (resolving it says which is not). */
export function checkChatModel(deps: Deps, actor: Actor, modelId: string): Promise<void> {
  return onField("chatModel", () => chatModelFor(deps, { tenantId: actor.tenantId, modelId }));
}

/** The same for the rerank model: a configured model of type rerank. */
export function checkRerankModel(deps: Deps, actor: Actor, modelId: string): Promise<void> {
  return onField("rerankModel", () => resolveRerankModel(deps, { tenantId: actor.tenantId, modelId }));
}
