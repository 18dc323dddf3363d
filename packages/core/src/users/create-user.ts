import {
  type Database,
  findUserByEmail,
  insertMember,
  insertTenant,
  insertUser,
  type UserRow,
} from "@ragtime/db";
import { hashPassword } from "../auth/secrets";
import { conflict } from "../errors";
import type { Language } from "../i18n/messages";
import { newId } from "../ids";

export type NewUserInput = {
  email: string;
  password: string;
  nickname?: string | undefined;
  language?: Language | undefined;
  isSuperuser?: boolean;
};

/**
 * Creates a user together with the workspace they own (SPEC §2: each user owns one tenant,
 * created at registration), in one transaction: never a user without a tenant.
 */
export async function createUserWithTenant(
  database: Database,
  input: NewUserInput,
  now: Date,
): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password);
  const nickname = input.nickname ?? input.email.split("@")[0] ?? input.email;
  const user: UserRow = {
    id: newId(now.getTime()),
    email: input.email,
    nickname,
    passwordHash,
    avatar: null,
    language: input.language ?? "en",
    timezone: "UTC",
    isSuperuser: input.isSuperuser ?? false,
    isActive: true,
    lastLoginAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await database.transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) throw conflict("error.emailTaken");
    await insertUser(tx, user);
    const tenantId = newId(now.getTime());
    await insertTenant(tx, {
      id: tenantId,
      name: `${nickname}'s workspace`.slice(0, 100),
      createdAt: now,
      updatedAt: now,
    });
    await insertMember(tx, {
      id: newId(now.getTime()),
      tenantId,
      userId: user.id,
      role: "owner",
      createdAt: now,
      updatedAt: now,
    });
  });
  return user;
}

/** A unique-index violation raced past the pre-check: report it as the conflict it is. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (code === "23505" || code === "ER_DUP_ENTRY") return true;
  }
  return false;
}
