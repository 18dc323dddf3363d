export {
  BUILTIN_EMBEDDER_DIMENSION,
  BUILTIN_EMBEDDER_ID,
  type BuiltinEmbedder,
  type BuiltinEmbedderOptions,
  createBuiltinEmbedder,
} from "./builtin";
export { type EmbedAllOptions, embedAll } from "./embed-all";
export {
  EMBEDDING_ERROR_CODES,
  type EmbeddingErrorCode,
  type EmbeddingProvider,
  EmbeddingProviderError,
  type EmbeddingProviderErrorDetails,
  isEmbeddingProviderError,
} from "./errors";
export { dotProduct, l2Normalize } from "./normalize";
export { createOllamaEmbedder, OLLAMA_BASE_URL, type OllamaEmbedderOptions } from "./ollama";
export {
  createOpenAICompatibleEmbedder,
  OPENAI_BASE_URL,
  OPENAI_EMBEDDING_DIMENSIONS,
  type OpenAICompatibleEmbedderOptions,
} from "./openai";
export type { RemoteEmbedder, RemoteRetryOptions } from "./remote";
export type { Embedder, EmbedOptions, EmbedProgress } from "./types";
