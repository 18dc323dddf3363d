/** Value types shared by both dialects' schemas (the JSON columns and the closed string sets). */

export const MEMBER_ROLES = ["owner", "admin", "member", "invited"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const MODEL_TYPES = ["chat", "embedding", "rerank", "image2text", "asr", "tts"] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export const PERMISSIONS = ["me", "team"] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const CHUNK_METHODS = [
  "naive",
  "qa",
  "table",
  "paper",
  "book",
  "laws",
  "manual",
  "presentation",
  "one",
  "picture",
] as const;
export type ChunkMethod = (typeof CHUNK_METHODS)[number];

export const DOCUMENT_TYPES = ["pdf", "doc", "sheet", "slides", "text", "html", "image", "virtual"] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const RUN_STATES = ["UNSTART", "QUEUED", "RUNNING", "CANCEL", "DONE", "FAIL"] as const;
export type RunState = (typeof RUN_STATES)[number];

export const FILE_TYPES = ["folder", "file"] as const;
export type FileType = (typeof FILE_TYPES)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type LlmSettings = {
  temperature: number;
  topP: number;
  presencePenalty: number;
  frequencyPenalty: number;
  maxTokens: number;
};

export type ChatPrompt = {
  system: string;
  opener: string;
  emptyResponse: string;
  showQuote: boolean;
  variables: { key: string; optional: boolean }[];
  refineMultiturn: boolean;
  keywordExpansion: boolean;
};

export type ConversationMessage = {
  id: string;
  role: "user" | "assistant";
  content: string;
  createdAt: string;
  reference?: JsonObject;
  feedback?: { thumb: "up" | "down"; text?: string };
};
