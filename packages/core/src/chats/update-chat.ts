import { updateChat as updateRow } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { type Chat, type UpdateChatInput, ZChatPrompt, ZLlmSettings } from "../schemas/chats";
import {
  checkChatKnowledgeBases,
  checkChatModel,
  checkChatPrompt,
  checkRerankModel,
} from "./check-chat-settings";
import { getChat } from "./get-chat";
import { loadEditableChat } from "./to-chat";

/**
 * Changes a chat's settings; `llmSettings` and `prompt` are merged into the current ones. The
 * knowledge bases are checked again only when they change (a KB re-parsed to zero chunks later
 * does not lock its chats).
 */
export async function updateChat(deps: Deps, input: UpdateChatInput & { actor: Actor }): Promise<Chat> {
  const { actor, id, llmSettings, prompt, kbIds, ...rest } = input;
  const current = await loadEditableChat(deps, actor, id);
  const patch: Parameters<typeof updateRow>[2] = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== undefined),
  );
  const nextPrompt = ZChatPrompt.parse({ ...ZChatPrompt.parse(current.prompt), ...prompt });
  const nextKbIds = kbIds ?? current.kbIds;
  if (kbIds) patch.kbIds = (await checkChatKnowledgeBases(deps, actor, kbIds)).map((kb) => kb.id);
  checkChatPrompt(nextPrompt, nextKbIds);
  if (rest.chatModel && rest.chatModel !== current.chatModel) {
    await checkChatModel(deps, actor, rest.chatModel);
  }
  if (rest.rerankModel && rest.rerankModel !== current.rerankModel) {
    await checkRerankModel(deps, actor, rest.rerankModel);
  }
  if (prompt) patch.prompt = nextPrompt;
  if (llmSettings)
    patch.llmSettings = ZLlmSettings.parse({ ...ZLlmSettings.parse(current.llmSettings), ...llmSettings });
  patch.updatedAt = deps.now();
  await updateRow(deps.database, { tenantId: actor.tenantId, id }, patch);
  return getChat(deps, { actor, id });
}
