import { findKnowledgeBaseByName, isUniqueViolation, updateKnowledgeBase as updateRow } from "@ragtime/db";
import type { JsonObject } from "@ragtime/db/schema";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { conflict } from "../errors";
import { assertModelAvailable } from "../models/assert-model";
import { type KnowledgeBase, type UpdateKnowledgeBaseInput, ZParserConfig } from "../schemas/index";
import { getKnowledgeBase, loadEditableKnowledgeBase } from "./get-knowledge-base";

/**
 * Changes settings. The embedding model is fixed once the knowledge base has chunks (vectors
 * of two models cannot be compared). parserConfig is merged into the current one.
 */
export async function updateKnowledgeBase(
  deps: Deps,
  input: UpdateKnowledgeBaseInput & { actor: Actor },
): Promise<KnowledgeBase> {
  const { actor, id, parserConfig, ...rest } = input;
  const current = await loadEditableKnowledgeBase(deps, actor, id);
  if (rest.embeddingModel && rest.embeddingModel !== current.embeddingModel && current.chunkCount > 0) {
    throw conflict("error.embeddingModelLocked");
  }
  if (rest.embeddingModel && rest.embeddingModel !== current.embeddingModel) {
    await assertModelAvailable(deps, {
      tenantId: actor.tenantId,
      modelId: rest.embeddingModel,
      type: "embedding",
      field: "embeddingModel",
    });
  }
  if (
    rest.name &&
    rest.name !== current.name &&
    (await findKnowledgeBaseByName(deps.database, actor.tenantId, rest.name))
  ) {
    throw conflict("error.kbNameTaken");
  }
  const patch: Parameters<typeof updateRow>[2] = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== undefined),
  );
  if (parserConfig) {
    patch.parserConfig = ZParserConfig.parse({ ...current.parserConfig, ...parserConfig }) as JsonObject;
  }
  try {
    await updateRow(deps.database, { tenantId: actor.tenantId, id }, patch);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("error.kbNameTaken");
    throw error;
  }
  return getKnowledgeBase(deps, { actor, id });
}
