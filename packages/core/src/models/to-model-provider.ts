import type { ModelProviderRow, ModelRow } from "@ragtime/db/schema";
import type { Deps } from "../deps";
import { isAppError } from "../errors";
import { type ModelProvider, modelIdOf, type ProviderKind } from "../schemas/models";
import { maskSecret } from "./crypto";
import { providerApiKey } from "./provider-clients";

/** A provider as the API shows it: the key masked (decrypted only to take its last characters). */
export function toModelProvider(
  deps: Pick<Deps, "config">,
  row: ModelProviderRow,
  models: ModelRow[],
): ModelProvider {
  let apiKey: string | null = null;
  try {
    const key = providerApiKey(deps, row);
    apiKey = key === undefined ? null : maskSecret(key);
  } catch (error) {
    // Encrypted under another SECRET_KEY: still listed, so that the user can enter the key again.
    if (!isAppError(error)) throw error;
    apiKey = "…?";
  }
  return {
    id: row.id,
    provider: row.provider as ProviderKind,
    name: row.name,
    baseUrl: row.baseUrl,
    apiKey,
    models: models
      .filter((m) => m.providerId === row.id)
      .map((m) => ({
        id: m.id,
        name: m.name,
        type: m.type,
        maxTokens: m.maxTokens,
        modelId: modelIdOf(m.name, row.name),
      })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
