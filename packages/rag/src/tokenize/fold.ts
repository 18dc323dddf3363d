/** Letters NFD does not decompose but that readers treat as their base letters. */
const SPECIAL: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  þ: "th",
  ł: "l",
  ı: "i",
};

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export const hasCjk = (s: string) => CJK.test(s);

/**
 * Removes accents from Latin, Greek and Cyrillic letters ("élève" → "eleve"). Kana and Hangul are
 * left alone: in them the "marks" NFD splits off change the word (が is not か).
 */
export function foldAccents(word: string): string {
  if (hasCjk(word)) return word;
  return word
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßæœøđðþłı]/g, (c) => SPECIAL[c] ?? c)
    .normalize("NFC");
}
