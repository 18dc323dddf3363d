import { describe, expect, it } from "vitest";
import { createKeywordTokenizer, tokenizeKeywords } from "./keyword-tokenizer";

describe("keyword tokenizer", () => {
  it("gives 'running' and 'runs' the same English stem and drops stop words", () => {
    expect(tokenizeKeywords("running")).toEqual(tokenizeKeywords("runs"));
    expect(tokenizeKeywords("The companies are running the numbers")).toEqual(["compani", "run", "number"]);
  });

  it("folds French accents so a query typed without them still matches", () => {
    const fr = createKeywordTokenizer({ language: "fr" });
    expect(fr("Activité des élèves")).toEqual(fr("activite des eleves"));
    expect(fr("L'été à Montréal")).toEqual(fr("l’ete a montreal"));
    expect(fr("les chevaux")).toEqual(["cheval"]);
  });

  it("segments Chinese and Japanese into words with Intl.Segmenter", () => {
    expect(tokenizeKeywords("我们在北京大学学习", "zh")).toEqual(["我们", "在", "北京", "大学", "学习"]);
    const ja = tokenizeKeywords("東京都に住んでいます", "ja");
    expect(ja).toContain("東京");
    expect(ja.length).toBeGreaterThan(2);
  });

  it("lower-cases, keeps numbers and joins digit groups", () => {
    expect(tokenizeKeywords("Total net sales 82,959 in Q3")).toEqual(["total", "net", "sale", "82959", "q3"]);
  });

  it("can keep stop words and skip stemming", () => {
    const raw = createKeywordTokenizer({ removeStopWords: false, stem: false });
    expect(raw("The Running Café")).toEqual(["the", "running", "cafe"]);
  });

  it("mixes scripts in one text", () => {
    expect(tokenizeKeywords("Apple 苹果公司 revenue")).toEqual(["appl", "苹果", "公司", "revenu"]);
  });
});
