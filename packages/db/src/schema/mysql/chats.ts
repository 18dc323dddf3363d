import { double, index, int, json, mysqlTable, text, varchar } from "drizzle-orm/mysql-core";
import type { ChatPrompt, ConversationMessage, LlmSettings } from "../types";
import { users } from "./accounts";
import { id, ref, timestamps } from "./columns";
import { tenants } from "./tenants";

export const chats = mysqlTable(
  "chats",
  {
    id: id(),
    tenantId: ref()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: varchar({ length: 128 }).notNull(),
    description: text(),
    icon: text(),
    kbIds: json().$type<string[]>().notNull(),
    chatModel: varchar({ length: 160 }),
    llmSettings: json().$type<LlmSettings>().notNull(),
    prompt: json().$type<ChatPrompt>().notNull(),
    topN: int().notNull().default(6),
    topK: int().notNull().default(1024),
    similarityThreshold: double().notNull().default(0.2),
    vectorSimilarityWeight: double().notNull().default(0.3),
    rerankModel: varchar({ length: 160 }),
    createdBy: ref()
      .notNull()
      .references(() => users.id),
    ...timestamps(),
  },
  (t) => [index("chats_tenant_idx").on(t.tenantId)],
);

export const conversations = mysqlTable(
  "conversations",
  {
    id: id(),
    chatId: ref()
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    userId: ref()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: varchar({ length: 255 }).notNull(),
    messages: json().$type<ConversationMessage[]>().notNull(),
    ...timestamps(),
  },
  (t) => [index("conversations_chat_idx").on(t.chatId, t.userId)],
);
