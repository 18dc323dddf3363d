/** Chat assistants, conversations and completions (SPEC §2, §6): inputs and outputs of the public API. */
import { z } from "zod";
import { ZDateTime, ZId } from "./accounts";
import { ZNamedListInput } from "./knowledge-bases";
import { ZDocAgg } from "./retrieval";

/**
 * The default system prompt of a new chat. `{knowledge}` is where Ragtime puts the retrieved
 * passages (quoted as data); the citation rules are appended by Ragtime itself when `showQuote`
 * is on, so users editing this text cannot break them.
 */
export const DEFAULT_SYSTEM_PROMPT = [
  "You are a helpful assistant. Answer the user's question using the knowledge base passages below,",
  "in the language of the question. Be precise: quote figures and names exactly as the passages give them.",
  "When the passages do not contain the answer, say that the knowledge base does not contain it instead of guessing.",
  "Take the chat history into account.",
  "",
  "Here is the knowledge base:",
  "{knowledge}",
  "The above is the knowledge base.",
].join("\n");

export const DEFAULT_OPENER = "Hi! I'm your assistant. What can I do for you?";

/** The placeholder every chat with knowledge bases needs in its system prompt. */
export const KNOWLEDGE_VARIABLE = "knowledge";

export const ZLlmSettings = z
  .object({
    temperature: z.number().min(0).max(2).default(0.1),
    topP: z.number().min(0).max(1).default(0.3),
    presencePenalty: z.number().min(-2).max(2).default(0.4),
    frequencyPenalty: z.number().min(-2).max(2).default(0.7),
    maxTokens: z.number().int().min(1).max(131_072).default(512).describe("Longest answer, in tokens"),
  })
  .strict();
export type LlmSettingsInput = z.infer<typeof ZLlmSettings>;

const ZVariableKey = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "a name made of letters, digits and _")
  .describe("Written `{key}` in the system prompt");

export const ZPromptVariable = z.object({ key: ZVariableKey, optional: z.boolean().default(false) }).strict();

export const ZChatPrompt = z
  .object({
    system: z
      .string()
      .max(20_000)
      .default(DEFAULT_SYSTEM_PROMPT)
      .describe("System prompt; `{knowledge}` receives the retrieved passages"),
    opener: z
      .string()
      .max(2000)
      .default(DEFAULT_OPENER)
      .describe("First assistant message of every new conversation (empty: none)"),
    emptyResponse: z
      .string()
      .max(2000)
      .default("")
      .describe(
        "Answer given when nothing is retrieved, without calling the model (empty: the model answers)",
      ),
    showQuote: z.boolean().default(true).describe("Cite the passages with [ID:n] markers"),
    variables: z
      .array(ZPromptVariable)
      .max(20)
      .default([])
      .describe("Other `{key}` placeholders of the system prompt, filled from each request"),
    refineMultiturn: z
      .boolean()
      .default(false)
      .describe("Rewrite the last turns into one standalone question (an extra model call)"),
    keywordExpansion: z
      .boolean()
      .default(false)
      .describe("Expand the question with keywords before retrieval"),
  })
  .strict();
export type ChatPromptInput = z.infer<typeof ZChatPrompt>;

const ZModelId = z.string().trim().min(1).max(160).describe("`name@provider`");

const chatFields = {
  name: z.string().trim().min(1).max(128),
  description: z.string().max(4000).optional(),
  icon: z.string().max(200_000).optional(),
  kbIds: z
    .array(ZId)
    .max(20)
    .default([])
    .describe(
      "Knowledge bases to answer from; each must be readable, have parsed documents and share one embedding model",
    ),
  chatModel: ZModelId.optional().describe(
    "Default: the workspace's chat model, else the built-in extractive answerer",
  ),
  llmSettings: ZLlmSettings.partial().optional(),
  prompt: ZChatPrompt.partial().optional(),
  topN: z.number().int().min(1).max(100).default(6).describe("Passages given to the model"),
  topK: z.number().int().min(1).max(4096).default(1024).describe("Vector candidates considered"),
  similarityThreshold: z.number().min(0).max(1).default(0.2),
  vectorSimilarityWeight: z.number().min(0).max(1).default(0.3),
  rerankModel: ZModelId.optional(),
};

export const ZCreateChatInput = z.object(chatFields).strict();
export type CreateChatInput = z.infer<typeof ZCreateChatInput>;

export const ZUpdateChatInput = z
  .object({
    id: ZId,
    name: chatFields.name.optional(),
    description: z.string().max(4000).nullable().optional(),
    icon: z.string().max(200_000).nullable().optional(),
    kbIds: z.array(ZId).max(20).optional(),
    chatModel: ZModelId.nullable().optional(),
    llmSettings: ZLlmSettings.partial().optional(),
    prompt: ZChatPrompt.partial().optional(),
    topN: z.number().int().min(1).max(100).optional(),
    topK: z.number().int().min(1).max(4096).optional(),
    similarityThreshold: z.number().min(0).max(1).optional(),
    vectorSimilarityWeight: z.number().min(0).max(1).optional(),
    rerankModel: ZModelId.nullable().optional(),
  })
  .strict();
export type UpdateChatInput = z.infer<typeof ZUpdateChatInput>;

export const ZChat = z.object({
  id: ZId,
  name: z.string(),
  description: z.string().nullable(),
  icon: z.string().nullable(),
  kbIds: z.array(ZId),
  chatModel: z.string().nullable().describe("null: the workspace's default chat model"),
  llmSettings: ZLlmSettings,
  prompt: ZChatPrompt,
  topN: z.number().int(),
  topK: z.number().int(),
  similarityThreshold: z.number(),
  vectorSimilarityWeight: z.number(),
  rerankModel: z.string().nullable(),
  createdBy: ZId,
  canEdit: z.boolean().describe("Whether you may change or delete it"),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type Chat = z.infer<typeof ZChat>;

export const ZListChatsInput = ZNamedListInput;
export type ListChatsInput = z.infer<typeof ZListChatsInput>;

export const ZChatList = z.object({ total: z.number().int(), items: z.array(ZChat) });
export type ChatList = z.infer<typeof ZChatList>;

// ---- references and messages ------------------------------------------------------------------

export const ZReferenceChunk = z.object({
  index: z.number().int().min(0).describe("n of the answer's [ID:n] markers"),
  id: ZId,
  content: z.string(),
  documentId: ZId,
  documentName: z.string(),
  kbId: ZId,
  positions: z.array(z.array(z.number())),
  pageNumbers: z.array(z.number().int()),
  similarity: z.number(),
  vectorSimilarity: z.number(),
  termSimilarity: z.number(),
});
export type ReferenceChunk = z.infer<typeof ZReferenceChunk>;

export const ZReference = z.object({
  chunks: z.array(ZReferenceChunk).describe("The passages the answer cites"),
  docAggs: z.array(ZDocAgg),
});
export type Reference = z.infer<typeof ZReference>;

export const ZFeedback = z.object({
  thumb: z.enum(["up", "down"]),
  text: z.string().max(2000).optional(),
});

export const ZMessage = z.object({
  id: ZId,
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  createdAt: ZDateTime,
  reference: ZReference.optional(),
  feedback: ZFeedback.optional(),
});
export type Message = z.infer<typeof ZMessage>;

// ---- conversations -------------------------------------------------------------------------------

const ZConversationName = z.string().trim().min(1).max(255);

export const ZCreateConversationInput = z
  .object({
    chatId: ZId,
    name: ZConversationName.optional().describe(
      "Default: “New conversation”, renamed after the first question",
    ),
  })
  .strict();
export type CreateConversationInput = z.infer<typeof ZCreateConversationInput>;

export const ZConversation = z.object({
  id: ZId,
  chatId: ZId,
  name: z.string(),
  messages: z.array(ZMessage),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type Conversation = z.infer<typeof ZConversation>;

export const ZConversationSummary = z.object({
  id: ZId,
  chatId: ZId,
  name: z.string(),
  messageCount: z.number().int(),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type ConversationSummary = z.infer<typeof ZConversationSummary>;

export const ZListConversationsInput = z
  .object({
    chatId: ZId,
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: z.number().int().min(1).max(100).default(30),
  })
  .strict();
export type ListConversationsInput = z.infer<typeof ZListConversationsInput>;

export const ZConversationList = z.object({ total: z.number().int(), items: z.array(ZConversationSummary) });
export type ConversationList = z.infer<typeof ZConversationList>;

export const ZRenameConversationInput = z.object({ id: ZId, name: ZConversationName }).strict();
export type RenameConversationInput = z.infer<typeof ZRenameConversationInput>;

export const ZMessageFeedbackInput = z
  .object({
    conversationId: ZId,
    messageId: ZId,
    thumb: z.enum(["up", "down"]),
    text: z.string().trim().max(2000).optional().describe("What was good or wrong"),
  })
  .strict();
export type MessageFeedbackInput = z.infer<typeof ZMessageFeedbackInput>;

export const ZDeleteMessageInput = z
  .object({
    conversationId: ZId,
    messageId: ZId.describe("Either message of the pair: the question and its answer both go"),
  })
  .strict();
export type DeleteMessageInput = z.infer<typeof ZDeleteMessageInput>;

// ---- completion ------------------------------------------------------------------------------

export const ZQuestion = z
  .string()
  .trim()
  .min(1)
  .max(4000)
  .refine((s) => !s.includes(String.fromCharCode(0)), "no NUL character (U+0000)");

export const ZVariableValues = z
  .record(ZVariableKey, z.string().max(20_000))
  .refine((v) => Object.keys(v).length <= 20, "at most 20 variables")
  .describe("Values of the chat's prompt variables, by key");

export const ZCompleteInput = z
  .object({
    conversationId: ZId,
    question: ZQuestion,
    variables: ZVariableValues.optional(),
  })
  .strict();
export type CompleteInput = z.infer<typeof ZCompleteInput>;

/** The REST SSE route's body (`POST /api/v1/chats/{chatId}/completions`). */
export const ZChatCompletionBody = z
  .object({
    question: ZQuestion,
    conversationId: ZId.optional().describe("Continue this conversation; without it a new one is started"),
    stream: z.boolean().default(true).describe("Server-sent events (default) or one JSON answer"),
    variables: ZVariableValues.optional(),
  })
  .strict();
export type ChatCompletionBody = z.infer<typeof ZChatCompletionBody>;

/** The last event of a completion: the whole answer (citations validated or inserted) and its reference. */
export const ZCompletionResult = z.object({
  conversationId: ZId.nullable().describe("null for stateless completions (OpenAI-compatible endpoint)"),
  messageId: ZId.describe("The assistant message"),
  questionId: ZId.describe("The user message"),
  answer: z.string(),
  reference: ZReference,
  isExtractive: z.boolean().describe("No chat model: the answer quotes the best passages"),
});
export type CompletionResult = z.infer<typeof ZCompletionResult>;

export const ZCompletionEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("delta"), content: z.string() }),
  z.object({ type: z.literal("done"), result: ZCompletionResult }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type CompletionEvent = z.infer<typeof ZCompletionEvent>;
