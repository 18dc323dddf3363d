import { type ChatRow, insertChat } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { newId } from "../ids";
import { type Chat, type CreateChatInput, ZChatPrompt, ZLlmSettings } from "../schemas/chats";
import {
  checkChatKnowledgeBases,
  checkChatModel,
  checkChatPrompt,
  checkRerankModel,
} from "./check-chat-settings";
import { toChat } from "./to-chat";

/** Any member may create a chat assistant over the knowledge bases they can read. */
export async function createChat(deps: Deps, input: CreateChatInput & { actor: Actor }): Promise<Chat> {
  const { actor } = input;
  const prompt = ZChatPrompt.parse(input.prompt ?? {});
  const kbs = await checkChatKnowledgeBases(deps, actor, input.kbIds);
  checkChatPrompt(prompt, input.kbIds);
  if (input.chatModel) await checkChatModel(deps, actor, input.chatModel);
  if (input.rerankModel) await checkRerankModel(deps, actor, input.rerankModel);
  const now = deps.now();
  const row: ChatRow = {
    id: newId(now.getTime()),
    tenantId: actor.tenantId,
    name: input.name,
    description: input.description ?? null,
    icon: input.icon ?? null,
    kbIds: kbs.map((kb) => kb.id),
    chatModel: input.chatModel ?? null,
    llmSettings: ZLlmSettings.parse(input.llmSettings ?? {}),
    prompt,
    topN: input.topN,
    topK: input.topK,
    similarityThreshold: input.similarityThreshold,
    vectorSimilarityWeight: input.vectorSimilarityWeight,
    rerankModel: input.rerankModel ?? null,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  };
  await insertChat(deps.database, row);
  return toChat(row, actor);
}
