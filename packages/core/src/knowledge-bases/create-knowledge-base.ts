import {
  findKnowledgeBaseByName,
  findTenant,
  insertKnowledgeBase,
  isUniqueViolation,
  type KnowledgeBaseRow,
} from "@ragtime/db";
import type { JsonObject } from "@ragtime/db/schema";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { conflict } from "../errors";
import { newId } from "../ids";
import { assertModelAvailable } from "../models/assert-model";
import {
  BUILTIN_EMBEDDING_MODEL,
  type CreateKnowledgeBaseInput,
  type KnowledgeBase,
  ZParserConfig,
} from "../schemas/index";
import { toKnowledgeBase } from "./to-knowledge-base";

/** Any member may create a knowledge base; it starts private to its creator unless `team`. */
export async function createKnowledgeBase(
  deps: Deps,
  input: CreateKnowledgeBaseInput & { actor: Actor },
): Promise<KnowledgeBase> {
  const { actor } = input;
  if (await findKnowledgeBaseByName(deps.database, actor.tenantId, input.name))
    throw conflict("error.kbNameTaken");
  if (input.embeddingModel !== undefined) {
    await assertModelAvailable(deps, {
      tenantId: actor.tenantId,
      modelId: input.embeddingModel,
      type: "embedding",
      field: "embeddingModel",
    });
  }
  const tenant = await findTenant(deps.database, actor.tenantId);
  const now = deps.now();
  const row: KnowledgeBaseRow = {
    id: newId(now.getTime()),
    tenantId: actor.tenantId,
    name: input.name,
    description: input.description ?? null,
    avatar: input.avatar ?? null,
    language: input.language ?? "en",
    embeddingModel: input.embeddingModel ?? tenant?.embeddingModel ?? BUILTIN_EMBEDDING_MODEL,
    permission: input.permission ?? "me",
    chunkMethod: input.chunkMethod ?? "naive",
    parserConfig: ZParserConfig.parse(input.parserConfig ?? {}) as JsonObject,
    similarityThreshold: input.similarityThreshold ?? 0.2,
    vectorSimilarityWeight: input.vectorSimilarityWeight ?? 0.3,
    docCount: 0,
    chunkCount: 0,
    tokenCount: 0,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await insertKnowledgeBase(deps.database, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("error.kbNameTaken");
    throw error;
  }
  return toKnowledgeBase(row, actor);
}
