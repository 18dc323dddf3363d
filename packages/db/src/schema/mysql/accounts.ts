import { boolean, index, mysqlTable, text, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { id, instant, ref, timestamps } from "./columns";

export const users = mysqlTable(
  "users",
  {
    id: id(),
    email: varchar({ length: 320 }).notNull(),
    nickname: varchar({ length: 100 }).notNull(),
    passwordHash: varchar({ length: 255 }),
    avatar: text(),
    language: varchar({ length: 8 }).notNull().default("en"),
    timezone: varchar({ length: 64 }).notNull().default("UTC"),
    isSuperuser: boolean().notNull().default(false),
    isActive: boolean().notNull().default(true),
    lastLoginAt: instant(),
    ...timestamps(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email)],
);

export const sessions = mysqlTable(
  "sessions",
  {
    /** SHA-256 (hex) of the token the client holds; the token itself is never stored. */
    id: varchar({ length: 64 }).primaryKey(),
    userId: ref()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: instant().notNull(),
    userAgent: varchar({ length: 255 }),
    ...timestamps(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const oauthAccounts = mysqlTable(
  "oauth_accounts",
  {
    id: id(),
    provider: varchar({ length: 32 }).notNull(),
    providerUserId: varchar({ length: 255 }).notNull(),
    userId: ref()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ...timestamps(),
  },
  (t) => [uniqueIndex("oauth_accounts_provider_uq").on(t.provider, t.providerUserId)],
);

export const passwordResets = mysqlTable(
  "password_resets",
  {
    /** SHA-256 (hex) of the reset token e-mailed to the user. */
    id: varchar({ length: 64 }).primaryKey(),
    userId: ref()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: instant().notNull(),
    ...timestamps(),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);
