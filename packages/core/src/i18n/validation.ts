import { type Language, type MessageKey, type MessageParams, translate } from "./messages";

/** The parts of a zod issue this module reads (zod 4's issue shape). */
export type ValidationIssue = {
  code: string;
  path: readonly PropertyKey[];
  message?: string;
  expected?: unknown;
  input?: unknown;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
};

export function issueField(issue: ValidationIssue): string {
  return issue.path.length > 0 ? issue.path.map(String).join(".") : "(body)";
}

function reasonOf(issue: ValidationIssue): [MessageKey, MessageParams?] {
  switch (issue.code) {
    case "invalid_type":
      // zod 4 leaves `input` out of issues by default; its message still says what was received.
      return issue.input === undefined && /received undefined/.test(issue.message ?? "received undefined")
        ? ["validation.required"]
        : ["validation.type", { expected: String(issue.expected) }];
    case "too_small":
      return issue.origin === "string"
        ? ["validation.tooShort", { min: Number(issue.minimum) }]
        : ["validation.tooSmall", { min: Number(issue.minimum) }];
    case "too_big":
      return issue.origin === "string"
        ? ["validation.tooLong", { max: Number(issue.maximum) }]
        : ["validation.tooBig", { max: Number(issue.maximum) }];
    case "invalid_format":
      // A pattern is not something to name to a user ("not a valid regex" reads as if one was asked for).
      return issue.format === "regex"
        ? ["validation.invalid"]
        : ["validation.format", { format: issue.format ?? "value" }];
    case "invalid_value":
      return ["validation.enum", { values: (issue.values ?? []).map((v) => JSON.stringify(v)).join(", ") }];
    case "unrecognized_keys":
      return ["validation.unknownKeys", { keys: (issue.keys ?? []).join(", ") }];
    default:
      return ["validation.invalid"];
  }
}

/** "Invalid value for “email”: not a valid email", in the user's language. */
export function describeIssue(issue: ValidationIssue, lang: Language): string {
  const [key, params] = reasonOf(issue);
  let reason = translate(key, lang, params);
  // A custom refinement carries its own explanation (in English): keep it after the generic reason.
  if (issue.code === "custom" && issue.message && issue.message !== "Invalid input") reason = issue.message;
  return translate("error.invalidField", lang, { field: issueField(issue), reason });
}
