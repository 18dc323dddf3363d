import { and, desc, eq } from "drizzle-orm";
import { affectedRows, type Database } from "../client";
import type { ApiKeyRow } from "../schema/index";

type NewRow<K extends keyof Database["t"]> = Database["t"][K]["$inferInsert"];

export async function insertApiKey(d: Database, row: NewRow<"apiKeys"> & { id: string }): Promise<void> {
  await d.db.insert(d.t.apiKeys).values(row);
}

export async function listApiKeys(d: Database, tenantId: string): Promise<ApiKeyRow[]> {
  const k = d.t.apiKeys;
  return d.db.select().from(k).where(eq(k.tenantId, tenantId)).orderBy(desc(k.createdAt), desc(k.id));
}

export async function findApiKeyByHash(d: Database, hash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await d.db.select().from(d.t.apiKeys).where(eq(d.t.apiKeys.hash, hash)).limit(1);
  return row;
}

export async function touchApiKey(d: Database, id: string, at: Date): Promise<void> {
  await d.db.update(d.t.apiKeys).set({ lastUsedAt: at }).where(eq(d.t.apiKeys.id, id));
}

/** Deletes a key of this tenant; 0 when the id is unknown or belongs to another tenant. */
export async function deleteApiKey(d: Database, tenantId: string, id: string): Promise<number> {
  const k = d.t.apiKeys;
  const result = await d.db.delete(k).where(and(eq(k.tenantId, tenantId), eq(k.id, id)));
  return affectedRows(result);
}
