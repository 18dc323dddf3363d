import { index, jsonb, pgTable, text, varchar } from "drizzle-orm/pg-core";
import type { JsonObject, Permission } from "../types";
import { users } from "./accounts";
import { id, ref, timestamps } from "./columns";
import { tenants } from "./tenants";

export const agents = pgTable(
  "agents",
  {
    id: id(),
    tenantId: ref()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    title: varchar({ length: 255 }).notNull(),
    description: text(),
    avatar: text(),
    permission: varchar({ length: 8 }).$type<Permission>().notNull().default("me"),
    dsl: jsonb().$type<JsonObject>().notNull(),
    createdBy: ref()
      .notNull()
      .references(() => users.id),
    ...timestamps(),
  },
  (t) => [index("agents_tenant_idx").on(t.tenantId)],
);

export const agentVersions = pgTable(
  "agent_versions",
  {
    id: id(),
    agentId: ref()
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    title: varchar({ length: 255 }).notNull(),
    dsl: jsonb().$type<JsonObject>().notNull(),
    ...timestamps(),
  },
  (t) => [index("agent_versions_agent_idx").on(t.agentId)],
);

export const agentSessions = pgTable(
  "agent_sessions",
  {
    id: id(),
    agentId: ref()
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    userId: ref()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    messages: jsonb().$type<JsonObject[]>().notNull(),
    state: jsonb().$type<JsonObject>().notNull(),
    ...timestamps(),
  },
  (t) => [index("agent_sessions_agent_idx").on(t.agentId, t.userId)],
);
