import { index, pgTable, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import type { MemberRole } from "../types";
import { users } from "./accounts";
import { id, instant, ref, timestamps } from "./columns";

export const tenants = pgTable("tenants", {
  id: id(),
  name: varchar({ length: 100 }).notNull(),
  chatModel: varchar({ length: 160 }),
  embeddingModel: varchar({ length: 160 }),
  rerankModel: varchar({ length: 160 }),
  image2textModel: varchar({ length: 160 }),
  asrModel: varchar({ length: 160 }),
  ttsModel: varchar({ length: 160 }),
  ...timestamps(),
});

export const tenantMembers = pgTable(
  "tenant_members",
  {
    id: id(),
    tenantId: ref()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: ref()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: varchar({ length: 16 }).$type<MemberRole>().notNull(),
    invitedBy: ref(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("tenant_members_uq").on(t.tenantId, t.userId),
    index("tenant_members_user_idx").on(t.userId),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    tenantId: ref()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    createdBy: ref()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: varchar({ length: 100 }).notNull(),
    /** The first characters of the secret, shown so a user can tell keys apart. */
    prefix: varchar({ length: 16 }).notNull(),
    /** SHA-256 (hex) of the whole secret. */
    hash: varchar({ length: 64 }).notNull(),
    lastUsedAt: instant(),
    expiresAt: instant(),
    ...timestamps(),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.hash), index("api_keys_tenant_idx").on(t.tenantId)],
);
