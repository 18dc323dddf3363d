/** Splits "report.final.pdf" into ["report.final", "pdf"]; the suffix is lower-cased. */
export function splitName(name: string): { stem: string; suffix: string } {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return { stem: name, suffix: "" };
  return { stem: name.slice(0, dot), suffix: name.slice(dot + 1).toLowerCase() };
}

// Control characters, path separators and ".." segments never belong in a document's name.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f/\\]/;

/** A client-supplied file name as we will store it, or undefined when it is not acceptable. */
export function acceptableName(raw: string): string | undefined {
  const name = raw.normalize("NFC").trim();
  if (name.length === 0 || name.length > 255 || FORBIDDEN.test(name)) return undefined;
  if (name === "." || name === ".." || name.startsWith("..")) return undefined;
  return name;
}

/**
 * De-duplicates names the way desktop file managers do: `report.pdf`, `report(1).pdf`,
 * `report(2).pdf`… `taken` holds the names already in use and is updated.
 */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  const dot = name.lastIndexOf(".");
  const [stem, suffix] = dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [name, ""];
  for (let n = 1; taken.has(candidate); n++) candidate = suffix ? `${stem}(${n}).${suffix}` : `${stem}(${n})`;
  taken.add(candidate);
  return candidate;
}
