import { describe, expect, it } from "vitest";
import { en } from "./en";
import { fr } from "./fr";
import { zh } from "./zh";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const reference = flatten(en);

describe.each([
  ["fr", fr],
  ["zh", zh],
])("the %s catalogue", (_lang, catalogue) => {
  const entries = flatten(catalogue);

  it("has exactly the English keys", () => {
    expect([...entries.keys()].sort()).toEqual([...reference.keys()].sort());
  });

  it("has no empty text and keeps every {{placeholder}} of the English text", () => {
    for (const [key, text] of entries) {
      expect(text.trim(), key).not.toBe("");
      expect(placeholders(text), key).toEqual(placeholders(reference.get(key) ?? ""));
    }
  });
});

it("uses single-brace placeholders nowhere (i18next would print them as they are)", () => {
  for (const catalogue of [en, fr, zh]) {
    for (const [key, text] of flatten(catalogue))
      expect(text.replace(/\{\{\w+\}\}/g, ""), key).not.toMatch(/[{}]/);
  }
});
