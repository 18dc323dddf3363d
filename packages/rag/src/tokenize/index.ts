export { countTokens, decodeTokens, encodeTokens, truncateToTokens } from "./count-tokens";
export { foldAccents } from "./fold";
export {
  createKeywordTokenizer,
  type KeywordTokenizer,
  type KeywordTokenizerOptions,
  tokenizeKeywords,
} from "./keyword-tokenizer";
export { stopWordsFor } from "./stop-words";
