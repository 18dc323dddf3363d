import type { UserRow } from "@ragtime/db/schema";
import { isLanguage } from "../i18n/messages";
import type { User } from "../schemas/index";

/** The public view of a user: never the password hash. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    nickname: row.nickname,
    avatar: row.avatar,
    language: isLanguage(row.language) ? row.language : "en",
    timezone: row.timezone,
    isSuperuser: row.isSuperuser,
    createdAt: row.createdAt.toISOString(),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}
