import { updateTenant as updateTenantRow } from "@ragtime/db";
import type { ModelType } from "@ragtime/db/schema";
import { type Actor, assertCanManageTenant } from "../actor";
import type { Deps } from "../deps";
import { assertModelAvailable } from "../models/assert-model";
import type { Tenant, UpdateTenantInput } from "../schemas/index";
import { getTenant } from "./get-tenant";

const DEFAULT_MODEL_TYPES = {
  chatModel: "chat",
  embeddingModel: "embedding",
  rerankModel: "rerank",
  image2textModel: "image2text",
  asrModel: "asr",
  ttsModel: "tts",
} as const satisfies Partial<Record<keyof UpdateTenantInput, ModelType>>;

/**
 * Renames the workspace or sets its default models (owner/admin). A default must name a model of
 * its type that the workspace can use (built-in or configured); null clears it (built-ins apply).
 */
export async function updateTenant(deps: Deps, input: UpdateTenantInput & { actor: Actor }): Promise<Tenant> {
  const { actor, ...patch } = input;
  assertCanManageTenant(actor);
  for (const [field, type] of Object.entries(DEFAULT_MODEL_TYPES) as Array<
    [keyof typeof DEFAULT_MODEL_TYPES, ModelType]
  >) {
    const modelId = patch[field];
    if (typeof modelId === "string")
      await assertModelAvailable(deps, { tenantId: actor.tenantId, modelId, type, field });
  }
  const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length > 0) await updateTenantRow(deps.database, actor.tenantId, changes);
  return getTenant(deps, { actor });
}
