import type { TFunction } from "i18next";
import { currentLanguage, localeTag } from "../../i18n/i18n";

function locale(): string {
  return localeTag(currentLanguage());
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

/** Scores are in [0, 1]: shown with 3 decimals, enough to tell neighbours apart. */
export function formatScore(value: number): string {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(
    value,
  );
}

export function formatBytes(bytes: number, t: TFunction): string {
  const format = (value: number) =>
    new Intl.NumberFormat(locale(), { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
  if (bytes < 1024) return t("knowledge.size.b", { value: format(bytes) });
  if (bytes < 1024 ** 2) return t("knowledge.size.kb", { value: format(bytes / 1024) });
  if (bytes < 1024 ** 3) return t("knowledge.size.mb", { value: format(bytes / 1024 ** 2) });
  return t("knowledge.size.gb", { value: format(bytes / 1024 ** 3) });
}

export function formatDateTime(iso: string, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(locale(), { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(locale(), options).format(new Date(iso));
  }
}

export function formatDate(iso: string, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(new Date(iso));
  }
}

/** [3] → "3", [3, 4, 5] → "3–5", [2, 7] → "2, 7". */
export function formatPages(pages: readonly number[]): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = sorted[0];
  for (const page of [...sorted.slice(1), Number.POSITIVE_INFINITY]) {
    if (start === undefined || prev === undefined) break;
    if (page === prev + 1) {
      prev = page;
      continue;
    }
    parts.push(start === prev ? String(start) : `${start}–${prev}`);
    start = page;
    prev = page;
  }
  return parts.join(", ");
}
