import { ZLanguage } from "@ragtime/core/schemas";
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en, type Messages } from "./locales/en";
import { fr } from "./locales/fr";
import { zh } from "./locales/zh";

/** The languages the server speaks (and so the UI): one list, owned by `@ragtime/core`. */
export const LANGUAGES = ZLanguage.options;
export type Language = (typeof LANGUAGES)[number];

declare module "i18next" {
  // Declaration merging is the only way i18next accepts typed keys: `t("no.such.key")` fails to compile.
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages };
  }
}

export const resources = {
  en: { translation: en },
  fr: { translation: fr },
  zh: { translation: zh },
} satisfies Record<Language, { translation: Messages }>;

/** Each language named in itself, so a reader finds their own whatever the current language. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: "English",
  fr: "Français",
  zh: "中文",
};

/** BCP 47 tags for the document and Intl formatting. */
const HTML_LANG: Record<Language, string> = { en: "en", fr: "fr", zh: "zh-CN" };

const STORAGE_KEY = "ragtime.language";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

function readStoredLanguage(): Language | undefined {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The language before anyone signs in: the last one chosen or signed in with on this browser,
 * else the browser's preferred languages, else English. A signed-in user's profile wins over it.
 */
export function detectLanguage(): Language {
  const stored = readStoredLanguage();
  if (stored) return stored;
  const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "en";
}

export function currentLanguage(): Language {
  const lang = i18next.resolvedLanguage ?? i18next.language;
  return isLanguage(lang) ? lang : "en";
}

export function localeTag(lang: Language): string {
  return HTML_LANG[lang];
}

/** Switches the UI language and remembers it for the next visit of this browser. */
export function applyLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered across visits; the switch itself still works.
  }
  if (currentLanguage() !== lang) void i18next.changeLanguage(lang);
}

export function initI18n(): typeof i18next {
  i18next.on("languageChanged", () => {
    document.documentElement.lang = localeTag(currentLanguage());
  });
  void i18next.use(initReactI18next).init({
    resources,
    lng: detectLanguage(),
    fallbackLng: "en",
    supportedLngs: [...LANGUAGES],
    // Resources are bundled: initialise synchronously so the first render is already translated.
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = localeTag(currentLanguage());
  return i18next;
}
