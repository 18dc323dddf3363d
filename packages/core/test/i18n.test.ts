/**
 * Every user-facing message exists in en, fr and zh with the same placeholders, the language is
 * picked from Accept-Language as a browser means it, and validation messages name the field in
 * each language.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ERROR_STATUS, type ErrorCode, validationError } from "../src/errors";
import {
  isLanguage,
  LANGUAGES,
  type Language,
  languageFromHeader,
  MESSAGES,
  type MessageKey,
  translate,
} from "../src/i18n/messages";
import { describeIssue, type ValidationIssue } from "../src/i18n/validation";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const keys = Object.keys(MESSAGES) as MessageKey[];

describe("message catalogue", () => {
  it.each(keys)("%s is in every language, with the same placeholders", (key) => {
    const entry: Record<string, string> = MESSAGES[key];
    expect(Object.keys(entry).sort()).toEqual([...LANGUAGES].sort());
    const expected = placeholders(entry.en ?? "");
    for (const lang of LANGUAGES) {
      const text = entry[lang] ?? "";
      expect(text.trim().length, `${key} ${lang}`).toBeGreaterThan(0);
      expect(placeholders(text), `${key} ${lang}`).toEqual(expected);
    }
  });

  it("translations are translations: fr and zh differ from en for sentences", () => {
    for (const key of keys.filter((k) => k.startsWith("error."))) {
      const entry: Record<Language, string> = MESSAGES[key];
      expect(entry.fr, key).not.toBe(entry.en);
      expect(entry.zh, key).not.toBe(entry.en);
      expect(entry.zh, key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("every error code has a status and a message in every language", () => {
    for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
      const error = new AppError(code);
      expect(error.status).toBe(ERROR_STATUS[code]);
      for (const lang of LANGUAGES) {
        const text = error.localize(lang);
        expect(text.length, `${code} ${lang}`).toBeGreaterThan(0);
        expect(text, `${code} ${lang}`).not.toMatch(/^error\./);
      }
    }
  });
});

describe("translate", () => {
  it("fills placeholders and translates entity names in place", () => {
    expect(translate("error.rateLimited", "fr", { seconds: 42 })).toBe(
      "Trop de tentatives. Réessayez dans 42 s.",
    );
    expect(translate("error.notFound", "en", { entity: "entity.apiKey" })).toBe("API key not found.");
    expect(translate("error.notFound", "fr", { entity: "entity.apiKey" })).toBe("Clé d'API introuvable.");
    expect(translate("error.notFound", "zh", { entity: "entity.apiKey" })).toBe("未找到API 密钥。");
  });

  it("leaves a placeholder without a value visible rather than blank", () => {
    expect(translate("error.rateLimited", "en")).toContain("{seconds}");
  });

  it("never takes a client's text for a message key (constructor, toString, __proto__)", () => {
    for (const value of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      for (const lang of LANGUAGES) {
        expect(translate("validation.unknownKeys", lang, { keys: value })).toContain(value);
        expect(translate("error.invalidField", lang, { field: value, reason: "x" })).toContain(value);
      }
    }
  });
});

describe("languageFromHeader", () => {
  const cases: Array<[string | undefined | null, Language | undefined]> = [
    [undefined, undefined],
    [null, undefined],
    ["", undefined],
    ["fr", "fr"],
    ["zh", "zh"],
    ["ZH-Hans-CN", "zh"],
    ["fr-CA,fr;q=0.9,en;q=0.5", "fr"],
    ["de-DE,de;q=0.9,zh;q=0.8,en;q=0.7", "zh"],
    ["en;q=0.1, fr;q=0.9", "fr"],
    ["de, en-GB;q=0.3", "en"],
    ["de", undefined],
    ["*", undefined],
    // q=0 means "not acceptable" (RFC 9110 §12.4.2).
    ["fr;q=0, en", "en"],
    ["fr;q=0", undefined],
    ["garbage;;;q=abc,,", undefined],
  ];
  it.each(cases)("%j → %s", (header, expected) => {
    expect(languageFromHeader(header)).toBe(expected);
  });

  it("isLanguage accepts exactly the supported languages", () => {
    for (const lang of LANGUAGES) expect(isLanguage(lang)).toBe(true);
    for (const other of ["de", "EN", "", undefined, 1, "en-US"]) expect(isLanguage(other)).toBe(false);
  });
});

describe("validation messages", () => {
  const schema = z
    .object({
      email: z.email(),
      id: z.string().regex(/^[0-9a-f]{32}$/, "32 lowercase hex characters"),
      name: z.string().max(5),
      short: z.string().min(3),
      count: z.number().int().max(10),
      role: z.enum(["admin", "member"]),
      required: z.string(),
      nested: z.object({ size: z.number() }),
    })
    .strict();
  const input = {
    email: "not an e-mail",
    id: "nope",
    name: "far too long",
    short: "x",
    count: 11,
    role: "owner",
    nested: { size: "big" },
    extra: 1,
  };
  const issues = (schema.safeParse(input).error?.issues ?? []) as ValidationIssue[];

  it("there is one issue per broken field", () => {
    const fields = issues.map((i) => i.path.join("."));
    expect(fields).toEqual(
      expect.arrayContaining([
        "email",
        "id",
        "name",
        "short",
        "count",
        "role",
        "required",
        "nested.size",
        "",
      ]),
    );
  });

  it.each([...LANGUAGES])("each message names its field, in %s", (lang) => {
    for (const issue of issues) {
      const field = issue.path.length > 0 ? issue.path.join(".") : "(body)";
      const text = describeIssue(issue, lang);
      expect(text.startsWith(translate("error.invalidField", lang, { field, reason: "" })), text).toBe(true);
      expect(text, field).not.toMatch(/regex|undefined|\[object/i);
    }
    const byField = (f: string) =>
      describeIssue(issues.find((i) => i.path.join(".") === f) ?? issues[0] ?? { code: "", path: [] }, lang);
    expect(byField("name")).toContain("5");
    expect(byField("short")).toContain("3");
    expect(byField("count")).toContain("10");
    expect(byField("role")).toContain('"member"');
    expect(byField("required")).toContain(translate("validation.required", lang));
    expect(byField("")).toContain("extra");
  });

  it("a validation error is a 400 naming the first field, localized on demand", () => {
    const error = validationError(issues);
    expect(error.status).toBe(400);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.field).toBe(issues[0]?.path.join("."));
    expect(error.localize("fr")).toBe(describeIssue(issues[0] ?? { code: "", path: [] }, "fr"));
  });
});
