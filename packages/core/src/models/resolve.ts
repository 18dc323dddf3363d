// Model ids (`name@provider`) to clients, for one tenant. The chat pipeline, retrieval and
// ingestion call these; nothing else reads provider rows or decrypts keys.

import { findModelsByRef, findTenant, type ModelWithProvider } from "@ragtime/db";
import type { ModelType } from "@ragtime/db/schema";
import type { Embedder } from "@ragtime/rag";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import type { ChatModel, RerankModel } from "../ports/llm";
import { BUILTIN_EMBEDDING_MODEL } from "../schemas/knowledge-bases";
import { BUILTIN_CHAT_MODEL, BUILTIN_PROVIDER_NAME, parseModelId } from "../schemas/models";
import { chatModelFor, embedderFor, rerankModelFor } from "./provider-clients";

export type ResolveInput = {
  tenantId: string;
  /** `name@provider`; null or absent: the tenant's default for the type. */
  modelId?: string | null | undefined;
};

type ResolveDeps = Pick<Deps, "database" | "config" | "embedder">;

/**
 * The chat model to answer with, or null for the built-in extractive answerer (chosen
 * explicitly as `extractive@builtin`, or no chat model given and no default set).
 */
export async function resolveChatModel(deps: ResolveDeps, input: ResolveInput): Promise<ChatModel | null> {
  const modelId = input.modelId ?? (await tenantDefault(deps, input.tenantId, "chat"));
  if (!modelId || modelId === BUILTIN_CHAT_MODEL) return null;
  const { provider, model } = await findConfiguredModel(deps, input.tenantId, modelId, "chat");
  return chatModelFor(deps, provider, model);
}

/** The rerank model given, else the tenant's default; a 400 when there is neither. */
export async function resolveRerankModel(deps: ResolveDeps, input: ResolveInput): Promise<RerankModel> {
  const modelId = input.modelId ?? (await tenantDefault(deps, input.tenantId, "rerank"));
  if (!modelId) throw new AppError("BAD_REQUEST", { key: "error.noRerankModel", field: "rerankModel" });
  const { provider, model } = await findConfiguredModel(deps, input.tenantId, modelId, "rerank");
  return rerankModelFor(deps, provider, model);
}

/**
 * The embedder of a model id: the process's own (the built-in encoder, via `deps.embedder`), else
 * a configured provider's embedding model. Absent id: the tenant's default, else the built-in.
 * Its id is the model id given, so vectors are stored under the name the knowledge base uses.
 */
export async function resolveEmbedder(deps: ResolveDeps, input: ResolveInput): Promise<Embedder> {
  const modelId =
    input.modelId ?? (await tenantDefault(deps, input.tenantId, "embedding")) ?? BUILTIN_EMBEDDING_MODEL;
  const local = deps.embedder?.(modelId);
  if (local) return local;
  const { provider, model } = await findConfiguredModel(deps, input.tenantId, modelId, "embedding");
  return embedderFor(deps, provider, model);
}

async function tenantDefault(
  deps: ResolveDeps,
  tenantId: string,
  type: "chat" | "embedding" | "rerank",
): Promise<string | undefined> {
  const tenant = await findTenant(deps.database, tenantId);
  const value =
    type === "chat" ? tenant?.chatModel : type === "embedding" ? tenant?.embeddingModel : tenant?.rerankModel;
  return value ?? undefined;
}

/**
 * The configured model `modelId` of type `type` in this tenant, or a 400 naming it: unknown, or
 * known with another type only.
 */
export async function findConfiguredModel(
  deps: Pick<Deps, "database">,
  tenantId: string,
  modelId: string,
  type: ModelType,
): Promise<ModelWithProvider> {
  const ref = parseModelId(modelId);
  // MySQL compares names case-insensitively, PostgreSQL does not: exact matches only, everywhere.
  const matches = (
    ref && ref.providerName !== BUILTIN_PROVIDER_NAME
      ? await findModelsByRef(deps.database, { tenantId, providerName: ref.providerName, name: ref.name })
      : []
  ).filter((m) => m.model.name === ref?.name && m.provider.name === ref.providerName);
  const match = matches.find((m) => m.model.type === type);
  if (match) return match;
  if (matches.length > 0) {
    throw new AppError("BAD_REQUEST", { key: "error.modelWrongType", params: { model: modelId, type } });
  }
  throw new AppError("BAD_REQUEST", { key: "error.unknownModel", params: { model: modelId } });
}
