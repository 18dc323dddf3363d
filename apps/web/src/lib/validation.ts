import { ZEmail, ZNickname, ZPassword } from "@ragtime/core/schemas";
import type { TFunction } from "i18next";

// The server's own schemas decide what is valid; the UI only words the answer in the user's language.
export const PASSWORD_MIN = ZPassword.minLength ?? 8;
export const PASSWORD_MAX = ZPassword.maxLength ?? 256;
const NICKNAME_MAX = ZNickname.maxLength ?? 100;

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export function checkEmail(value: string, t: TFunction): string | undefined {
  if (value.trim() === "") return t("validation.required");
  return ZEmail.safeParse(value).success ? undefined : t("validation.email");
}

export function checkNewPassword(value: string, t: TFunction): string | undefined {
  if (value === "") return t("validation.required");
  return ZPassword.safeParse(value).success
    ? undefined
    : t("validation.passwordLength", { min: PASSWORD_MIN, max: PASSWORD_MAX });
}

export function checkRequired(value: string, t: TFunction): string | undefined {
  return value === "" ? t("validation.required") : undefined;
}

export function checkNickname(value: string, t: TFunction): string | undefined {
  return ZNickname.safeParse(value).success
    ? undefined
    : t("validation.nicknameLength", { max: NICKNAME_MAX });
}

export function checkSamePassword(value: string, first: string, t: TFunction): string | undefined {
  if (value === "") return t("validation.required");
  return value === first ? undefined : t("validation.passwordsDiffer");
}

export function hasErrors<K extends string>(errors: FieldErrors<K>): boolean {
  return Object.values(errors).some((e) => e !== undefined);
}
