/**
 * What the chat pipeline needs of a language model, whoever serves it (OpenAI, an OpenAI-compatible
 * server, Ollama, Anthropic). Implementations live in `src/models/`; `resolveChatModel` and
 * `resolveRerankModel` pick one from a tenant's configured providers.
 */
export type LlmMessage = { role: "system" | "user" | "assistant"; content: string };

/** The generation settings of a chat (SPEC §2 `llmSettings`); absent ones use the provider's defaults. */
export type LlmGenerationSettings = {
  temperature?: number | undefined;
  topP?: number | undefined;
  presencePenalty?: number | undefined;
  frequencyPenalty?: number | undefined;
  maxTokens?: number | undefined;
};

export type ChatRequest = LlmGenerationSettings & {
  messages: LlmMessage[];
  /** Aborts the remote call (the caller gave up, or the server is shutting down). */
  signal?: AbortSignal | undefined;
};

export interface ChatModel {
  /** `name@provider`, as shown to users. */
  readonly id: string;
  /** Context window in tokens (prompt + answer): the packer fits the knowledge inside it. */
  readonly contextTokens: number;
  /**
   * The answer's text deltas as they arrive. Remote failures (after the retries) throw an AppError
   * whose message names the provider and the reason.
   */
  stream(request: ChatRequest): AsyncIterable<string>;
  /** The whole answer at once. */
  complete(request: ChatRequest): Promise<string>;
}

export interface RerankModel {
  readonly id: string;
  /** A relevance score in [0, 1] per passage, in the passages' order. */
  rerank(query: string, passages: readonly string[], signal?: AbortSignal): Promise<number[]>;
}
