/// <reference path="./snowball-stemmers.d.ts" />
import snowball from "snowball-stemmers";
import { foldAccents, hasCjk } from "./fold";
import { stopWordsFor } from "./stop-words";

/** ISO 639-1 codes of the Snowball stemmers we expose. */
const STEMMERS: Record<string, string> = {
  en: "english",
  fr: "french",
  de: "german",
  es: "spanish",
  it: "italian",
  pt: "portuguese",
  nl: "dutch",
  sv: "swedish",
  da: "danish",
  no: "norwegian",
  fi: "finnish",
  ru: "russian",
  ro: "romanian",
  hu: "hungarian",
  tr: "turkish",
};

export type KeywordTokenizerOptions = {
  /** The knowledge base's language (ISO 639-1); picks the stemmer and stop words. Default "en". */
  language?: string;
  /** Default true. */
  removeStopWords?: boolean;
  /** Default true. */
  stem?: boolean;
};

export type KeywordTokenizer = (text: string) => string[];

const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\p{L})/u;
const GROUPED_NUMBER = /^\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?:\.\d+)?$/;
const MAX_TOKEN_LENGTH = 64;

/**
 * Builds the tokenizer the keyword (BM25) index and its queries share — both sides must use the
 * same options or terms will not meet. Steps: NFKC; word segmentation by Intl.Segmenter (ICU's
 * dictionary splits Chinese and Japanese into words, spaces split the rest); lower-case; French
 * elisions and English possessives dropped; accents folded BEFORE stemming, so "activité" and a
 * user's "activite" reach the same stem; stop words removed; Snowball stem. CJK words are kept
 * whole (no stemming exists for them and folding would corrupt kana).
 */
export function createKeywordTokenizer(options: KeywordTokenizerOptions = {}): KeywordTokenizer {
  const language = (options.language ?? "en").toLowerCase().slice(0, 2);
  const segmenter = new Intl.Segmenter(language, { granularity: "word" });
  const stopWords = options.removeStopWords === false ? new Set<string>() : stopWordsFor(language);
  const algorithm = options.stem === false ? undefined : STEMMERS[language];
  const stemmer = algorithm ? snowball.newStemmer(algorithm) : undefined;

  return (text: string): string[] => {
    const out: string[] = [];
    for (const { segment, isWordLike } of segmenter.segment(text.normalize("NFKC"))) {
      if (!isWordLike) continue;
      let word = segment.toLowerCase().replace(/[\u2019\u02bc]/g, "'");
      if (hasCjk(word)) {
        out.push(word);
        continue;
      }
      if (GROUPED_NUMBER.test(word)) {
        // "82,959" and "82959" are the same figure to a reader.
        out.push(word.replace(/[,\u00a0\u202f]/g, ""));
        continue;
      }
      word = word.replace(ELISION, "").replace(/'s$/, "").replace(/'/g, "");
      word = foldAccents(word);
      if (word === "" || word.length > MAX_TOKEN_LENGTH || stopWords.has(word)) continue;
      out.push(stemmer && /\p{L}/u.test(word) ? stemmer.stem(word) : word);
    }
    return out;
  };
}

const defaultTokenizers = new Map<string, KeywordTokenizer>();

/** `createKeywordTokenizer` with default options, cached per language. */
export function tokenizeKeywords(text: string, language = "en"): string[] {
  let tokenizer = defaultTokenizers.get(language);
  if (!tokenizer) {
    tokenizer = createKeywordTokenizer({ language });
    defaultTokenizers.set(language, tokenizer);
  }
  return tokenizer(text);
}
