import { index, int, mysqlTable, text, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import type { ModelType } from "../types";
import { id, ref, timestamps } from "./columns";
import { tenants } from "./tenants";

export const modelProviders = mysqlTable(
  "model_providers",
  {
    id: id(),
    tenantId: ref()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    provider: varchar({ length: 32 }).notNull(),
    name: varchar({ length: 100 }).notNull(),
    /** Encrypted at rest (AES-GCM with a key derived from the server secret); never returned. */
    apiKeyEncrypted: text(),
    baseUrl: varchar({ length: 512 }),
    ...timestamps(),
  },
  (t) => [uniqueIndex("model_providers_name_uq").on(t.tenantId, t.name)],
);

export const models = mysqlTable(
  "models",
  {
    id: id(),
    providerId: ref()
      .notNull()
      .references(() => modelProviders.id, { onDelete: "cascade" }),
    name: varchar({ length: 128 }).notNull(),
    type: varchar({ length: 16 }).$type<ModelType>().notNull(),
    maxTokens: int().notNull().default(8192),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("models_uq").on(t.providerId, t.name, t.type),
    index("models_provider_idx").on(t.providerId),
  ],
);
