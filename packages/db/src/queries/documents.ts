import { and, asc, count, desc, eq, gte, inArray, like, lte, or, type SQL, sql } from "drizzle-orm";
import { affectedRows, type Database } from "../client";
import type { DocumentRow, KnowledgeBaseRow, RunState } from "../schema/index";
import { likePattern } from "./knowledge-bases";

type NewRow<K extends keyof Database["t"]> = Database["t"][K]["$inferInsert"];

export async function insertDocuments(
  d: Database,
  rows: (NewRow<"documents"> & { id: string })[],
): Promise<void> {
  if (rows.length > 0) await d.db.insert(d.t.documents).values(rows);
}

/**
 * A document with its knowledge base, when the knowledge base is visible to this user in this
 * tenant (team, or their own); undefined for unknown and foreign ids alike.
 */
export async function findVisibleDocument(
  d: Database,
  q: { tenantId: string; userId: string; id: string },
): Promise<{ document: DocumentRow; kb: KnowledgeBaseRow } | undefined> {
  const { documents: doc, knowledgeBases: kb } = d.t;
  const [row] = await d.db
    .select({ document: doc, kb })
    .from(doc)
    .innerJoin(kb, eq(kb.id, doc.kbId))
    .where(
      and(
        eq(doc.id, q.id),
        eq(kb.tenantId, q.tenantId),
        or(eq(kb.permission, "team"), eq(kb.createdBy, q.userId)),
      ),
    )
    .limit(1);
  return row;
}

/**
 * The names in use in a knowledge base that could collide with these names or their
 * de-duplicated forms (`report.pdf`, `report(1).pdf`, …).
 */
export async function findDocumentNames(d: Database, kbId: string, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const doc = d.t.documents;
  const stems = [...new Set(names.map((n) => (n.lastIndexOf(".") > 0 ? n.slice(0, n.lastIndexOf(".")) : n)))];
  const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await d.db
    .select({ name: doc.name })
    .from(doc)
    .where(
      and(
        eq(doc.kbId, kbId),
        or(inArray(doc.name, names), ...stems.map((st) => like(doc.name, `${escapeLike(st)}(%`))),
      ),
    );
  return new Set(rows.map((r) => r.name));
}

export type DocumentListQuery = {
  kbId: string;
  keywords?: string | undefined;
  run?: RunState[] | undefined;
  suffix?: string[] | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  orderBy: "createdAt" | "updatedAt" | "name" | "size";
  order: "asc" | "desc";
  page: number;
  pageSize: number;
};

export async function listDocuments(
  d: Database,
  q: DocumentListQuery,
): Promise<{ total: number; items: DocumentRow[] }> {
  const doc = d.t.documents;
  const filters: (SQL | undefined)[] = [
    eq(doc.kbId, q.kbId),
    q.keywords ? like(sql`lower(${doc.name})`, likePattern(q.keywords.toLowerCase())) : undefined,
    q.run?.length ? inArray(doc.run, q.run) : undefined,
    q.suffix?.length ? inArray(doc.suffix, q.suffix) : undefined,
    q.createdFrom ? gte(doc.createdAt, q.createdFrom) : undefined,
    q.createdTo ? lte(doc.createdAt, q.createdTo) : undefined,
  ];
  const where = and(...filters);
  const column = { createdAt: doc.createdAt, updatedAt: doc.updatedAt, name: doc.name, size: doc.size }[
    q.orderBy
  ];
  const [items, totals] = await Promise.all([
    d.db
      .select()
      .from(doc)
      .where(where)
      .orderBy(q.order === "desc" ? desc(column) : asc(column), asc(doc.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    d.db.select({ n: count() }).from(doc).where(where),
  ]);
  return { total: Number(totals[0]?.n ?? 0), items };
}

export async function updateDocument(
  d: Database,
  q: { kbId: string; id: string },
  patch: Partial<Omit<NewRow<"documents">, "id" | "kbId" | "createdAt" | "createdBy">>,
): Promise<number> {
  const doc = d.t.documents;
  const result = await d.db
    .update(doc)
    .set(patch)
    .where(and(eq(doc.kbId, q.kbId), eq(doc.id, q.id)));
  return affectedRows(result);
}

/** Deletes a document; its tasks go with it (foreign-key cascade). */
export async function deleteDocument(d: Database, q: { kbId: string; id: string }): Promise<number> {
  const doc = d.t.documents;
  const result = await d.db.delete(doc).where(and(eq(doc.kbId, q.kbId), eq(doc.id, q.id)));
  return affectedRows(result);
}

/** Adds (or with negative numbers, removes) to a knowledge base's counters in one statement. */
export async function bumpKnowledgeBaseCounters(
  d: Database,
  kbId: string,
  delta: { docCount?: number; chunkCount?: number; tokenCount?: number },
): Promise<void> {
  const kb = d.t.knowledgeBases;
  await d.db
    .update(kb)
    .set({
      docCount: sql`${kb.docCount} + ${delta.docCount ?? 0}`,
      chunkCount: sql`${kb.chunkCount} + ${delta.chunkCount ?? 0}`,
      tokenCount: sql`${kb.tokenCount} + ${delta.tokenCount ?? 0}`,
    })
    .where(eq(kb.id, kbId));
}
