/** Accounts, workspaces, teams and API keys: inputs and outputs of the public API. */
import { z } from "zod";
import { LANGUAGES } from "../i18n/messages";

export const ZId = z
  .string()
  .regex(/^[0-9a-f]{32}$/, "32 lowercase hex characters")
  .describe("A 32-character lowercase hex id");

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .pipe(z.email())
  .describe("E-mail address (compared case-insensitively)");

export const ZPassword = z.string().min(8).max(256).describe("At least 8 characters");
export const ZLanguage = z.enum(LANGUAGES).describe("Interface and message language");
export const ZRole = z.enum(["owner", "admin", "member", "invited"]);
export const ZAssignableRole = z.enum(["admin", "member"]).describe("Role given to a member");

const timezones = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));
export const ZTimezone = z
  .string()
  .max(64)
  .refine((tz) => timezones.has(tz), "an IANA time zone such as Europe/Paris")
  .describe("IANA time zone");

/** Timestamps travel as ISO 8601 strings (UTC) over both tRPC and REST. */
export const ZDateTime = z.iso.datetime().describe("ISO 8601 date-time (UTC)");

export const ZNickname = z.string().trim().min(1).max(100).describe("Display name");
export const ZAvatar = z
  .string()
  .max(200_000)
  .refine(
    (v) => /^(https?:\/\/|data:image\/(png|jpeg|gif|webp);base64,)/.test(v),
    "an http(s) or data:image URL",
  )
  .describe("Avatar image: an http(s) URL or a data:image URL (≤ 200 kB)");

// ---- users and auth -------------------------------------------------------------------------

export const ZRegisterInput = z
  .object({
    email: ZEmail,
    password: ZPassword,
    nickname: ZNickname.optional(),
    language: ZLanguage.optional(),
  })
  .strict();
export type RegisterInput = z.infer<typeof ZRegisterInput>;

export const ZLoginInput = z.object({ email: ZEmail, password: z.string().min(1).max(256) }).strict();
export type LoginInput = z.infer<typeof ZLoginInput>;

export const ZUser = z.object({
  id: ZId,
  email: z.string(),
  nickname: z.string(),
  avatar: z.string().nullable(),
  language: ZLanguage,
  timezone: z.string(),
  isSuperuser: z.boolean(),
  createdAt: ZDateTime,
  lastLoginAt: ZDateTime.nullable(),
});
export type User = z.infer<typeof ZUser>;

export const ZSessionOutput = z.object({
  user: ZUser,
  token: z
    .string()
    .describe("Session token: send it as `Authorization: Bearer <token>` (web: HttpOnly cookie)"),
  expiresAt: ZDateTime,
});
export type SessionOutput = z.infer<typeof ZSessionOutput>;

export const ZUpdateProfileInput = z
  .object({
    nickname: ZNickname.optional(),
    avatar: ZAvatar.nullable().optional(),
    language: ZLanguage.optional(),
    timezone: ZTimezone.optional(),
  })
  .strict();
export type UpdateProfileInput = z.infer<typeof ZUpdateProfileInput>;

export const ZChangePasswordInput = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: ZPassword })
  .strict();
export type ChangePasswordInput = z.infer<typeof ZChangePasswordInput>;

export const ZRequestPasswordResetInput = z.object({ email: ZEmail }).strict();
export const ZResetPasswordInput = z
  .object({ token: z.string().min(10).max(128), newPassword: ZPassword })
  .strict();
export type ResetPasswordInput = z.infer<typeof ZResetPasswordInput>;

export const ZOk = z.object({ ok: z.literal(true) });

// ---- tenants and team -----------------------------------------------------------------------

const ZModelRef = z.string().trim().min(1).max(160).describe("Model id, `name@provider`");

export const ZTenant = z.object({
  id: ZId,
  name: z.string(),
  role: ZRole.describe("Your role in this workspace"),
  chatModel: z.string().nullable(),
  embeddingModel: z.string().nullable(),
  rerankModel: z.string().nullable(),
  image2textModel: z.string().nullable(),
  asrModel: z.string().nullable(),
  ttsModel: z.string().nullable(),
  createdAt: ZDateTime,
});
export type Tenant = z.infer<typeof ZTenant>;

export const ZUpdateTenantInput = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    chatModel: ZModelRef.nullable().optional(),
    embeddingModel: ZModelRef.nullable().optional(),
    rerankModel: ZModelRef.nullable().optional(),
    image2textModel: ZModelRef.nullable().optional(),
    asrModel: ZModelRef.nullable().optional(),
    ttsModel: ZModelRef.nullable().optional(),
  })
  .strict();
export type UpdateTenantInput = z.infer<typeof ZUpdateTenantInput>;

export const ZMembership = z.object({
  tenantId: ZId,
  tenantName: z.string(),
  role: ZRole,
  joinedAt: ZDateTime,
});
export type Membership = z.infer<typeof ZMembership>;

export const ZMember = z.object({
  userId: ZId,
  email: z.string(),
  nickname: z.string(),
  avatar: z.string().nullable(),
  role: ZRole,
  invitedBy: ZId.nullable(),
  since: ZDateTime,
});
export type Member = z.infer<typeof ZMember>;

export const ZInviteMemberInput = z.object({ email: ZEmail }).strict();
export type InviteMemberInput = z.infer<typeof ZInviteMemberInput>;
export const ZTenantIdInput = z.object({ tenantId: ZId }).strict();
export const ZUserIdInput = z.object({ userId: ZId }).strict();
export const ZChangeRoleInput = z.object({ userId: ZId, role: ZAssignableRole }).strict();
export type ChangeRoleInput = z.infer<typeof ZChangeRoleInput>;

// ---- API keys -------------------------------------------------------------------------------

export const ZApiKey = z.object({
  id: ZId,
  name: z.string(),
  prefix: z.string().describe("The first characters of the key, to tell keys apart"),
  createdBy: ZId,
  createdAt: ZDateTime,
  lastUsedAt: ZDateTime.nullable(),
  expiresAt: ZDateTime.nullable(),
});
export type ApiKey = z.infer<typeof ZApiKey>;

export const ZCreateApiKeyInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .optional()
      .describe("Days until the key expires; never if absent"),
  })
  .strict();
export type CreateApiKeyInput = z.infer<typeof ZCreateApiKeyInput>;

export const ZCreatedApiKey = ZApiKey.extend({
  secret: z.string().describe("The whole key. Shown once: it cannot be read again."),
});
export type CreatedApiKey = z.infer<typeof ZCreatedApiKey>;

export const ZIdInput = z.object({ id: ZId }).strict();

export const ZCreateAdminInput = z
  .object({ email: ZEmail, password: ZPassword, nickname: ZNickname.optional() })
  .strict();
export type CreateAdminInput = z.infer<typeof ZCreateAdminInput>;
