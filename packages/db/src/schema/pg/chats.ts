import { doublePrecision, index, integer, jsonb, pgTable, text, varchar } from "drizzle-orm/pg-core";
import type { ChatPrompt, ConversationMessage, LlmSettings } from "../types";
import { users } from "./accounts";
import { id, ref, timestamps } from "./columns";
import { tenants } from "./tenants";

export const chats = pgTable(
  "chats",
  {
    id: id(),
    tenantId: ref()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: varchar({ length: 128 }).notNull(),
    description: text(),
    icon: text(),
    kbIds: jsonb().$type<string[]>().notNull(),
    chatModel: varchar({ length: 160 }),
    llmSettings: jsonb().$type<LlmSettings>().notNull(),
    prompt: jsonb().$type<ChatPrompt>().notNull(),
    topN: integer().notNull().default(6),
    topK: integer().notNull().default(1024),
    similarityThreshold: doublePrecision().notNull().default(0.2),
    vectorSimilarityWeight: doublePrecision().notNull().default(0.3),
    rerankModel: varchar({ length: 160 }),
    createdBy: ref()
      .notNull()
      .references(() => users.id),
    ...timestamps(),
  },
  (t) => [index("chats_tenant_idx").on(t.tenantId)],
);

export const conversations = pgTable(
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
    messages: jsonb().$type<ConversationMessage[]>().notNull(),
    ...timestamps(),
  },
  (t) => [index("conversations_chat_idx").on(t.chatId, t.userId)],
);
