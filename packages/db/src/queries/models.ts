import { and, asc, eq, inArray } from "drizzle-orm";
import { affectedRows, type Database } from "../client";
import type { ModelProviderRow, ModelRow } from "../schema/index";
import type { ModelType } from "../schema/types";

type NewRow<K extends keyof Database["t"]> = Database["t"][K]["$inferInsert"];

export async function insertModelProvider(
  d: Database,
  row: NewRow<"modelProviders"> & { id: string },
): Promise<void> {
  await d.db.insert(d.t.modelProviders).values(row);
}

/** A provider of this tenant, or undefined (unknown and foreign alike). */
export async function findModelProvider(
  d: Database,
  q: { tenantId: string; id: string },
): Promise<ModelProviderRow | undefined> {
  const p = d.t.modelProviders;
  const [row] = await d.db
    .select()
    .from(p)
    .where(and(eq(p.tenantId, q.tenantId), eq(p.id, q.id)))
    .limit(1);
  return row;
}

export async function findModelProviderByName(
  d: Database,
  tenantId: string,
  name: string,
): Promise<ModelProviderRow | undefined> {
  const p = d.t.modelProviders;
  const [row] = await d.db
    .select()
    .from(p)
    .where(and(eq(p.tenantId, tenantId), eq(p.name, name)))
    .limit(1);
  return row;
}

export async function listModelProviders(d: Database, tenantId: string): Promise<ModelProviderRow[]> {
  const p = d.t.modelProviders;
  return d.db.select().from(p).where(eq(p.tenantId, tenantId)).orderBy(asc(p.createdAt), asc(p.id));
}

export async function updateModelProvider(
  d: Database,
  q: { tenantId: string; id: string },
  patch: Partial<Pick<ModelProviderRow, "name" | "apiKeyEncrypted" | "baseUrl">>,
): Promise<number> {
  const p = d.t.modelProviders;
  const result = await d.db
    .update(p)
    .set(patch)
    .where(and(eq(p.tenantId, q.tenantId), eq(p.id, q.id)));
  return affectedRows(result);
}

/** Deletes a provider of this tenant and (by cascade) its models; 0 when unknown or foreign. */
export async function deleteModelProvider(d: Database, q: { tenantId: string; id: string }): Promise<number> {
  const p = d.t.modelProviders;
  const result = await d.db.delete(p).where(and(eq(p.tenantId, q.tenantId), eq(p.id, q.id)));
  return affectedRows(result);
}

export async function insertModel(d: Database, row: NewRow<"models"> & { id: string }): Promise<void> {
  await d.db.insert(d.t.models).values(row);
}

/** The models of some providers (callers pass ids already checked to be the tenant's). */
export async function listProviderModels(d: Database, providerIds: string[]): Promise<ModelRow[]> {
  if (providerIds.length === 0) return [];
  const m = d.t.models;
  return d.db
    .select()
    .from(m)
    .where(inArray(m.providerId, providerIds))
    .orderBy(asc(m.type), asc(m.name), asc(m.id));
}

export type ModelWithProvider = { model: ModelRow; provider: ModelProviderRow };

/** Every configured model of a tenant (optionally of one type), with its provider. */
export async function listTenantModels(
  d: Database,
  q: { tenantId: string; type?: ModelType | undefined },
): Promise<ModelWithProvider[]> {
  const { models: m, modelProviders: p } = d.t;
  return d.db
    .select({ model: m, provider: p })
    .from(m)
    .innerJoin(p, eq(p.id, m.providerId))
    .where(and(eq(p.tenantId, q.tenantId), q.type ? eq(m.type, q.type) : undefined))
    .orderBy(asc(p.name), asc(m.name), asc(m.id));
}

/** The models named `name` of the tenant's provider named `providerName` (one per type at most). */
export async function findModelsByRef(
  d: Database,
  q: { tenantId: string; providerName: string; name: string },
): Promise<ModelWithProvider[]> {
  const { models: m, modelProviders: p } = d.t;
  return d.db
    .select({ model: m, provider: p })
    .from(m)
    .innerJoin(p, eq(p.id, m.providerId))
    .where(and(eq(p.tenantId, q.tenantId), eq(p.name, q.providerName), eq(m.name, q.name)));
}

/** Deletes a model of a provider of this tenant; 0 when any of the three does not match. */
export async function deleteModel(
  d: Database,
  q: { tenantId: string; providerId: string; id: string },
): Promise<number> {
  const m = d.t.models;
  if (!(await findModelProvider(d, { tenantId: q.tenantId, id: q.providerId }))) return 0;
  const result = await d.db.delete(m).where(and(eq(m.providerId, q.providerId), eq(m.id, q.id)));
  return affectedRows(result);
}

/** Changes a model of a provider of this tenant; 0 when any of the three does not match. */
export async function updateModel(
  d: Database,
  q: { tenantId: string; providerId: string; id: string },
  patch: Partial<Pick<ModelRow, "maxTokens">>,
): Promise<number> {
  const m = d.t.models;
  if (!(await findModelProvider(d, { tenantId: q.tenantId, id: q.providerId }))) return 0;
  const result = await d.db
    .update(m)
    .set(patch)
    .where(and(eq(m.providerId, q.providerId), eq(m.id, q.id)));
  return affectedRows(result);
}

export async function findModel(
  d: Database,
  q: { tenantId: string; providerId: string; id: string },
): Promise<ModelRow | undefined> {
  const { models: m, modelProviders: p } = d.t;
  const [row] = await d.db
    .select({ model: m })
    .from(m)
    .innerJoin(p, eq(p.id, m.providerId))
    .where(and(eq(p.tenantId, q.tenantId), eq(m.providerId, q.providerId), eq(m.id, q.id)))
    .limit(1);
  return row?.model;
}

/** Knowledge bases of a tenant whose embedding model is one of `modelIds` (`name@provider`). */
export async function listKnowledgeBasesByEmbeddingModel(
  d: Database,
  q: { tenantId: string; modelIds: string[] },
): Promise<Array<{ id: string; name: string; embeddingModel: string }>> {
  if (q.modelIds.length === 0) return [];
  const kb = d.t.knowledgeBases;
  return d.db
    .select({ id: kb.id, name: kb.name, embeddingModel: kb.embeddingModel })
    .from(kb)
    .where(and(eq(kb.tenantId, q.tenantId), inArray(kb.embeddingModel, q.modelIds)))
    .orderBy(asc(kb.name));
}
