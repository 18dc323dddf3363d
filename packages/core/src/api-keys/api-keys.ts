import { type ApiKeyRow, deleteApiKey, insertApiKey, listApiKeys as listApiKeyRows } from "@ragtime/db";
import { type Actor, assertCanManageTenant } from "../actor";
import { newApiKeySecret } from "../auth/secrets";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import { newId } from "../ids";
import type { ApiKey, CreateApiKeyInput, CreatedApiKey } from "../schemas/index";

const DAY = 86_400_000;

// API keys are workspace-wide credentials: only owners and admins create, list or revoke them.

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/** Creates a key; its secret is in this answer only (stored as SHA-256, never readable again). */
export async function createApiKey(
  deps: Deps,
  input: CreateApiKeyInput & { actor: Actor },
): Promise<CreatedApiKey> {
  const { actor } = input;
  assertCanManageTenant(actor);
  const now = deps.now();
  const { secret, prefix, hash } = newApiKeySecret();
  const row: ApiKeyRow = {
    id: newId(now.getTime()),
    tenantId: actor.tenantId,
    createdBy: actor.userId,
    name: input.name,
    prefix,
    hash,
    lastUsedAt: null,
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY) : null,
    createdAt: now,
    updatedAt: now,
  };
  await insertApiKey(deps.database, row);
  return { ...toApiKey(row), secret };
}

export async function listApiKeys(deps: Deps, input: { actor: Actor }): Promise<ApiKey[]> {
  assertCanManageTenant(input.actor);
  return (await listApiKeyRows(deps.database, input.actor.tenantId)).map(toApiKey);
}

/** Revokes at once: the next call with the key gets 401. */
export async function revokeApiKey(deps: Deps, input: { actor: Actor; id: string }): Promise<{ ok: true }> {
  assertCanManageTenant(input.actor);
  const deleted = await deleteApiKey(deps.database, input.actor.tenantId, input.id);
  if (deleted === 0) throw notFound("entity.apiKey");
  return { ok: true };
}
