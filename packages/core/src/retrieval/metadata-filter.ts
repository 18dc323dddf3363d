import type { JsonValue } from "@ragtime/db/schema";
import type { MetadataFilter } from "../schemas/index";

type Condition = MetadataFilter["conditions"][number];

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && NUMERIC.test(value.trim())) return Number(value.trim());
  return undefined;
}

function asDate(value: unknown): number | undefined {
  if (typeof value !== "string" || !DATE_LIKE.test(value.trim())) return undefined;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? undefined : t;
}

const text = (value: JsonValue): string =>
  typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);

const isEmpty = (value: JsonValue | undefined): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === "string" && value.trim() === "") ||
  (Array.isArray(value) && value.length === 0);

/** -1, 0, 1 or undefined when the two cannot be ordered: numbers, then ISO dates, then text. */
function compare(actual: JsonValue, expected: string | number): number | undefined {
  const a = asNumber(actual);
  const b = asNumber(expected);
  if (a !== undefined && b !== undefined) return Math.sign(a - b);
  const da = asDate(actual);
  const db = asDate(expected);
  if (da !== undefined && db !== undefined) return Math.sign(da - db);
  if (typeof actual !== "string") return undefined;
  return Math.sign(actual.localeCompare(String(expected)));
}

/** One scalar of the metadata against one condition (arrays are tested element by element by the caller). */
function scalarMatches(actual: JsonValue, op: Condition["op"], expected: string | number): boolean {
  const lower = text(actual).toLowerCase();
  const wanted = String(expected).toLowerCase();
  switch (op) {
    case "is": {
      const a = asNumber(actual);
      const b = asNumber(expected);
      return a !== undefined && b !== undefined ? a === b : lower.trim() === wanted.trim();
    }
    case "contains":
      return lower.includes(wanted);
    case "starts with":
      return lower.startsWith(wanted);
    case "ends with":
      return lower.endsWith(wanted);
    case ">":
      return compare(actual, expected) === 1;
    case "<":
      return compare(actual, expected) === -1;
    case "≥": {
      const c = compare(actual, expected);
      return c === 1 || c === 0;
    }
    case "≤": {
      const c = compare(actual, expected);
      return c === -1 || c === 0;
    }
    default:
      return false;
  }
}

/**
 * Whether a document's metadata passes one condition (SPEC §5). Decisions where the spec is silent:
 * text comparisons ignore case; `is` compares numerically when both sides are numbers ("2022" is
 * 2022); the order operators compare numbers, then ISO dates, then text; a list value matches when
 * any element does (`is not` / `not contains`: when none does); a missing key is `empty`, is never
 * `is`/`contains`/ordered, and always `is not`/`not contains`.
 */
export function conditionMatches(metadata: Record<string, JsonValue>, condition: Condition): boolean {
  const actual = Object.hasOwn(metadata, condition.name) ? metadata[condition.name] : undefined;
  switch (condition.op) {
    case "empty":
      return isEmpty(actual);
    case "not empty":
      return !isEmpty(actual);
    case "is not":
      return !conditionMatches(metadata, { ...condition, op: "is" });
    case "not contains":
      return !conditionMatches(metadata, { ...condition, op: "contains" });
    default: {
      if (actual === undefined || actual === null || condition.value === undefined) return false;
      const expected = condition.value;
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((v) => v !== null && scalarMatches(v, condition.op, expected));
    }
  }
}

export function metadataMatches(metadata: Record<string, JsonValue>, filter: MetadataFilter): boolean {
  const results = filter.conditions.map((c) => conditionMatches(metadata, c));
  return filter.logic === "or" ? results.some(Boolean) : results.every(Boolean);
}
