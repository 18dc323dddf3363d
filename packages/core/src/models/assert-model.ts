import type { ModelType } from "@ragtime/db/schema";
import type { Deps } from "../deps";
import { AppError, isAppError } from "../errors";
import { BUILTIN_EMBEDDING_MODEL } from "../schemas/knowledge-bases";
import { BUILTIN_CHAT_MODEL } from "../schemas/models";
import { findConfiguredModel } from "./resolve";

/**
 * A 400 naming `field` unless `modelId` is a model of type `type` this workspace can use: a
 * built-in one, or one of its providers'. For defaults, knowledge bases and chats.
 */
export async function assertModelAvailable(
  deps: Pick<Deps, "database" | "embedder">,
  input: { tenantId: string; modelId: string; type: ModelType; field: string },
): Promise<void> {
  const { modelId, type } = input;
  if (type === "chat" && modelId === BUILTIN_CHAT_MODEL) return;
  if (type === "embedding" && (modelId === BUILTIN_EMBEDDING_MODEL || deps.embedder?.(modelId))) return;
  try {
    await findConfiguredModel(deps, input.tenantId, modelId, type);
  } catch (error) {
    if (!isAppError(error)) throw error;
    throw new AppError(error.code, {
      key: error.key,
      params: error.params,
      field: input.field,
      cause: error,
    });
  }
}
