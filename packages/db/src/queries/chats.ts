import { and, asc, count, desc, eq, inArray, like, sql } from "drizzle-orm";
import { affectedRows, type Database } from "../client";
import type { ChatRow, ConversationRow, KnowledgeBaseRow } from "../schema/index";
import { likePattern } from "./knowledge-bases";

type NewRow<K extends keyof Database["t"]> = Database["t"][K]["$inferInsert"];

/** MariaDB hands JSON columns back as text (its JSON is LONGTEXT); PostgreSQL and MySQL as values. */
function fromJson<T>(value: T | string): T {
  return typeof value === "string" ? (JSON.parse(value) as T) : value;
}

function readChat(row: ChatRow): ChatRow {
  return {
    ...row,
    kbIds: fromJson(row.kbIds),
    llmSettings: fromJson(row.llmSettings),
    prompt: fromJson(row.prompt),
  };
}

function readConversation(row: ConversationRow): ConversationRow {
  return { ...row, messages: fromJson(row.messages) };
}

export async function insertChat(d: Database, row: NewRow<"chats"> & { id: string }): Promise<void> {
  await d.db.insert(d.t.chats).values(row);
}

/** A chat of this tenant, or undefined (unknown and foreign alike). */
export async function findChat(
  d: Database,
  q: { tenantId: string; id: string },
): Promise<ChatRow | undefined> {
  const c = d.t.chats;
  const [row] = await d.db
    .select()
    .from(c)
    .where(and(eq(c.tenantId, q.tenantId), eq(c.id, q.id)))
    .limit(1);
  return row ? readChat(row) : undefined;
}

export type ChatListQuery = {
  tenantId: string;
  keywords?: string | undefined;
  orderBy: "createdAt" | "updatedAt" | "name";
  order: "asc" | "desc";
  page: number;
  pageSize: number;
};

export async function listChats(d: Database, q: ChatListQuery): Promise<{ total: number; items: ChatRow[] }> {
  const c = d.t.chats;
  const where = and(
    eq(c.tenantId, q.tenantId),
    q.keywords ? like(sql`lower(${c.name})`, likePattern(q.keywords.toLowerCase())) : undefined,
  );
  const column = { createdAt: c.createdAt, updatedAt: c.updatedAt, name: c.name }[q.orderBy];
  const [items, totals] = await Promise.all([
    d.db
      .select()
      .from(c)
      .where(where)
      .orderBy(q.order === "desc" ? desc(column) : asc(column), asc(c.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    d.db.select({ n: count() }).from(c).where(where),
  ]);
  return { total: Number(totals[0]?.n ?? 0), items: items.map(readChat) };
}

export async function updateChat(
  d: Database,
  q: { tenantId: string; id: string },
  patch: Partial<Omit<NewRow<"chats">, "id" | "tenantId" | "createdAt" | "createdBy">>,
): Promise<number> {
  const c = d.t.chats;
  const result = await d.db
    .update(c)
    .set(patch)
    .where(and(eq(c.tenantId, q.tenantId), eq(c.id, q.id)));
  return affectedRows(result);
}

/** Deletes a chat; its conversations go with it (foreign-key cascade). */
export async function deleteChat(d: Database, q: { tenantId: string; id: string }): Promise<number> {
  const c = d.t.chats;
  const result = await d.db.delete(c).where(and(eq(c.tenantId, q.tenantId), eq(c.id, q.id)));
  return affectedRows(result);
}

export async function insertConversation(
  d: Database,
  row: NewRow<"conversations"> & { id: string },
): Promise<void> {
  await d.db.insert(d.t.conversations).values(row);
}

/**
 * A conversation of this user in a chat of this tenant, with its chat; undefined for unknown,
 * foreign and other users' conversations alike (a conversation is private to the person who had it).
 */
export async function findConversation(
  d: Database,
  q: { tenantId: string; userId: string; id: string },
): Promise<{ conversation: ConversationRow; chat: ChatRow } | undefined> {
  const { conversations: cv, chats: c } = d.t;
  const [row] = await d.db
    .select({ conversation: cv, chat: c })
    .from(cv)
    .innerJoin(c, eq(c.id, cv.chatId))
    .where(and(eq(cv.id, q.id), eq(cv.userId, q.userId), eq(c.tenantId, q.tenantId)))
    .limit(1);
  return row ? { conversation: readConversation(row.conversation), chat: readChat(row.chat) } : undefined;
}

/** A user's conversations of one chat, most recently active first, without their messages. */
export async function listConversations(
  d: Database,
  q: { chatId: string; userId: string; page: number; pageSize: number },
): Promise<{ total: number; items: ConversationRow[] }> {
  const cv = d.t.conversations;
  const where = and(eq(cv.chatId, q.chatId), eq(cv.userId, q.userId));
  const [items, totals] = await Promise.all([
    d.db
      .select()
      .from(cv)
      .where(where)
      .orderBy(desc(cv.updatedAt), desc(cv.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    d.db.select({ n: count() }).from(cv).where(where),
  ]);
  return { total: Number(totals[0]?.n ?? 0), items: items.map(readConversation) };
}

export async function updateConversation(
  d: Database,
  q: { userId: string; id: string },
  patch: Partial<Pick<NewRow<"conversations">, "name" | "messages" | "updatedAt">>,
): Promise<number> {
  const cv = d.t.conversations;
  const result = await d.db
    .update(cv)
    .set(patch)
    .where(and(eq(cv.userId, q.userId), eq(cv.id, q.id)));
  return affectedRows(result);
}

export async function deleteConversation(d: Database, q: { userId: string; id: string }): Promise<number> {
  const cv = d.t.conversations;
  const result = await d.db.delete(cv).where(and(eq(cv.userId, q.userId), eq(cv.id, q.id)));
  return affectedRows(result);
}

/**
 * The knowledge bases of a chat that still exist in the tenant, with who may read them (a chat's
 * list is not updated when a knowledge base is deleted: a deleted one is simply skipped).
 */
export async function findChatKnowledgeBases(
  d: Database,
  q: { tenantId: string; ids: readonly string[] },
): Promise<
  Pick<KnowledgeBaseRow, "id" | "name" | "language" | "permission" | "createdBy" | "embeddingModel">[]
> {
  if (q.ids.length === 0) return [];
  const kb = d.t.knowledgeBases;
  return d.db
    .select({
      id: kb.id,
      name: kb.name,
      language: kb.language,
      permission: kb.permission,
      createdBy: kb.createdBy,
      embeddingModel: kb.embeddingModel,
    })
    .from(kb)
    .where(and(eq(kb.tenantId, q.tenantId), inArray(kb.id, [...q.ids])));
}
