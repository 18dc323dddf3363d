import { and, asc, count, desc, eq, like, or, type SQL, sql } from "drizzle-orm";
import { affectedRows, type Database } from "../client";
import type { KnowledgeBaseRow } from "../schema/index";

type NewRow<K extends keyof Database["t"]> = Database["t"][K]["$inferInsert"];

/** What a member may see: the workspace's `team` knowledge bases and their own `me` ones. */
function visibleTo(d: Database, tenantId: string, userId: string): SQL | undefined {
  const kb = d.t.knowledgeBases;
  return and(eq(kb.tenantId, tenantId), or(eq(kb.permission, "team"), eq(kb.createdBy, userId)));
}

export async function insertKnowledgeBase(
  d: Database,
  row: NewRow<"knowledgeBases"> & { id: string },
): Promise<void> {
  await d.db.insert(d.t.knowledgeBases).values(row);
}

/** A knowledge base of this tenant visible to this user, or undefined (unknown and foreign alike). */
export async function findKnowledgeBase(
  d: Database,
  q: { tenantId: string; userId: string; id: string },
): Promise<KnowledgeBaseRow | undefined> {
  const kb = d.t.knowledgeBases;
  const [row] = await d.db
    .select()
    .from(kb)
    .where(and(eq(kb.id, q.id), visibleTo(d, q.tenantId, q.userId)))
    .limit(1);
  return row;
}

export async function findKnowledgeBaseByName(
  d: Database,
  tenantId: string,
  name: string,
): Promise<KnowledgeBaseRow | undefined> {
  const kb = d.t.knowledgeBases;
  const [row] = await d.db
    .select()
    .from(kb)
    .where(and(eq(kb.tenantId, tenantId), eq(kb.name, name)))
    .limit(1);
  return row;
}

export type KnowledgeBaseListQuery = {
  tenantId: string;
  userId: string;
  keywords?: string | undefined;
  orderBy: "createdAt" | "updatedAt" | "name";
  order: "asc" | "desc";
  page: number;
  pageSize: number;
};

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything (case-insensitive on both dialects). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listKnowledgeBases(
  d: Database,
  q: KnowledgeBaseListQuery,
): Promise<{ total: number; items: KnowledgeBaseRow[] }> {
  const kb = d.t.knowledgeBases;
  const where = and(
    visibleTo(d, q.tenantId, q.userId),
    q.keywords ? like(sql`lower(${kb.name})`, likePattern(q.keywords.toLowerCase())) : undefined,
  );
  const column = { createdAt: kb.createdAt, updatedAt: kb.updatedAt, name: kb.name }[q.orderBy];
  const [items, totals] = await Promise.all([
    d.db
      .select()
      .from(kb)
      .where(where)
      .orderBy(q.order === "desc" ? desc(column) : asc(column), asc(kb.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    d.db.select({ n: count() }).from(kb).where(where),
  ]);
  return { total: Number(totals[0]?.n ?? 0), items };
}

export async function updateKnowledgeBase(
  d: Database,
  q: { tenantId: string; id: string },
  patch: Partial<Omit<NewRow<"knowledgeBases">, "id" | "tenantId" | "createdAt" | "createdBy">>,
): Promise<number> {
  const kb = d.t.knowledgeBases;
  const result = await d.db
    .update(kb)
    .set(patch)
    .where(and(eq(kb.tenantId, q.tenantId), eq(kb.id, q.id)));
  return affectedRows(result);
}

/** Deletes a knowledge base; its documents and their tasks go with it (foreign-key cascade). */
export async function deleteKnowledgeBase(d: Database, q: { tenantId: string; id: string }): Promise<number> {
  const kb = d.t.knowledgeBases;
  const result = await d.db.delete(kb).where(and(eq(kb.tenantId, q.tenantId), eq(kb.id, q.id)));
  return affectedRows(result);
}
