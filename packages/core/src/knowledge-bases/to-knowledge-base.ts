import type { KnowledgeBaseRow } from "@ragtime/db/schema";
import { type Actor, canManageTenant } from "../actor";
import { type KnowledgeBase, ZParserConfig } from "../schemas/index";

/** Owners and admins may change any knowledge base of the workspace; members only their own. */
export function canEditKnowledgeBase(actor: Actor, row: Pick<KnowledgeBaseRow, "createdBy">): boolean {
  return canManageTenant(actor) || row.createdBy === actor.userId;
}

export function toKnowledgeBase(row: KnowledgeBaseRow, actor: Actor): KnowledgeBase {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    avatar: row.avatar,
    language: row.language,
    embeddingModel: row.embeddingModel,
    permission: row.permission,
    chunkMethod: row.chunkMethod,
    // Stored JSON is read through the schema so settings added later get their defaults.
    parserConfig: ZParserConfig.parse(row.parserConfig),
    similarityThreshold: row.similarityThreshold,
    vectorSimilarityWeight: row.vectorSimilarityWeight,
    docCount: row.docCount,
    chunkCount: row.chunkCount,
    tokenCount: row.tokenCount,
    createdBy: row.createdBy,
    canEdit: canEditKnowledgeBase(actor, row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
