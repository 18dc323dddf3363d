/**
 * Model providers and models of a workspace (SPEC §2, §4): the catalogue of provider kinds, the
 * inputs and outputs of the `models` procedures. Browser-safe: the web app builds its settings
 * screen from the catalogue below.
 */
import { MODEL_TYPES } from "@ragtime/db/types";
import { z } from "zod";
import { ZDateTime, ZId } from "./accounts";
import { BUILTIN_EMBEDDING_MODEL } from "./knowledge-bases";

export const ZModelType = z.enum(MODEL_TYPES).describe("What the model does");
export type ModelKind = z.infer<typeof ZModelType>;

/** Provider kinds a user can configure (`builtin` is always there and cannot be added). */
export const PROVIDER_KINDS = ["openai", "openai-compatible", "ollama", "anthropic"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export const ZProviderKind = z.enum(PROVIDER_KINDS).describe("Which API the provider speaks");

/**
 * The built-in extractive answerer: no language model, answers with the best passages and their
 * citations. Choosing it (or no chat model at all) makes a fresh install answer offline.
 */
export const BUILTIN_CHAT_MODEL = "extractive@builtin";
/** Reserved: the name of the always-present built-in provider. */
export const BUILTIN_PROVIDER_NAME = "builtin";

export type CatalogueEntry = {
  kind: ProviderKind | "builtin";
  label: string;
  /** Model types this kind of provider can serve here. */
  modelTypes: Array<z.infer<typeof ZModelType>>;
  needsApiKey: "required" | "optional" | "none";
  needsBaseUrl: "required" | "optional" | "none";
  defaultBaseUrl: string | null;
  /** The provider can list its models (`models.discover`). */
  canDiscover: boolean;
  /** Models that exist without any configuration (built-in only). */
  builtinModels: Array<{ id: string; type: z.infer<typeof ZModelType>; maxTokens: number }>;
};

/**
 * What each kind offers. OpenAI has no rerank API; Ollama has none either; Anthropic serves chat
 * only. Rerank comes from OpenAI-compatible servers exposing `/rerank` (Jina, Cohere, vLLM,
 * infinity, TEI behind a gateway).
 */
export const PROVIDER_CATALOGUE: CatalogueEntry[] = [
  {
    kind: "builtin",
    label: "Built-in (offline)",
    modelTypes: ["chat", "embedding"],
    needsApiKey: "none",
    needsBaseUrl: "none",
    defaultBaseUrl: null,
    canDiscover: false,
    builtinModels: [
      { id: BUILTIN_EMBEDDING_MODEL, type: "embedding", maxTokens: 1024 },
      { id: BUILTIN_CHAT_MODEL, type: "chat", maxTokens: 8192 },
    ],
  },
  {
    kind: "openai",
    label: "OpenAI",
    modelTypes: ["chat", "embedding"],
    needsApiKey: "required",
    needsBaseUrl: "optional",
    defaultBaseUrl: "https://api.openai.com/v1",
    canDiscover: true,
    builtinModels: [],
  },
  {
    kind: "openai-compatible",
    label: "OpenAI-compatible (vLLM, LM Studio, llama.cpp, DeepSeek, Jina, …)",
    modelTypes: ["chat", "embedding", "rerank"],
    needsApiKey: "optional",
    needsBaseUrl: "required",
    defaultBaseUrl: null,
    canDiscover: true,
    builtinModels: [],
  },
  {
    kind: "ollama",
    label: "Ollama",
    modelTypes: ["chat", "embedding"],
    // Ollama has no authentication of its own; a key is sent as a bearer token to a proxy in front.
    needsApiKey: "optional",
    needsBaseUrl: "optional",
    defaultBaseUrl: "http://127.0.0.1:11434",
    canDiscover: true,
    builtinModels: [],
  },
  {
    kind: "anthropic",
    label: "Anthropic",
    modelTypes: ["chat"],
    needsApiKey: "required",
    needsBaseUrl: "optional",
    defaultBaseUrl: "https://api.anthropic.com/v1",
    canDiscover: true,
    builtinModels: [],
  },
];

export const ZCatalogueEntry = z.object({
  kind: z.enum(["builtin", ...PROVIDER_KINDS]),
  label: z.string(),
  modelTypes: z.array(ZModelType),
  needsApiKey: z.enum(["required", "optional", "none"]),
  needsBaseUrl: z.enum(["required", "optional", "none"]),
  defaultBaseUrl: z.string().nullable(),
  canDiscover: z.boolean(),
  builtinModels: z.array(z.object({ id: z.string(), type: ZModelType, maxTokens: z.number().int() })),
});

/**
 * A provider's name ends every model id (`name@provider`), so it is short, lower-case and has
 * no `@`. Default: the kind (`openai`); a second server of one kind needs its own (`vllm`).
 */
export const ZProviderName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(31)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "letters, digits, “.”, “_” or “-”")
  .refine((name) => name !== BUILTIN_PROVIDER_NAME, "“builtin” is reserved")
  .describe("Short name, unique in the workspace; model ids end with `@<name>`");

export const ZBaseUrl = z
  .string()
  .trim()
  .max(512)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.username === "";
    } catch {
      return false;
    }
  }, "an http(s) URL without credentials")
  .describe("API base URL, e.g. http://localhost:8000/v1");

const ZApiKey = z
  .string()
  .trim()
  .min(1)
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, "printable characters without spaces")
  .describe("Stored encrypted; only a masked form is ever returned");

export const ZModelName = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[^\s\p{Cc}]+$/u, "no spaces or control characters")
  .describe("The model's name at the provider, e.g. gpt-4o-mini or llama3.1:8b");

const ZMaxTokens = z
  .number()
  .int()
  .min(16)
  .max(10_000_000)
  .describe("Context window in tokens (prompt + answer), default 8192");

export const ZModelInput = z
  .object({ name: ZModelName, type: ZModelType, maxTokens: ZMaxTokens.optional() })
  .strict();

export const ZCreateProviderInput = z
  .object({
    provider: ZProviderKind,
    name: ZProviderName.optional().describe("Default: the kind, e.g. `openai`"),
    apiKey: ZApiKey.optional(),
    baseUrl: ZBaseUrl.optional(),
    models: z.array(ZModelInput).max(200).optional().describe("Models to add at once"),
  })
  .strict();
export type CreateProviderInput = z.infer<typeof ZCreateProviderInput>;

export const ZUpdateProviderInput = z
  .object({
    id: ZId,
    name: ZProviderName.optional(),
    apiKey: ZApiKey.nullable().optional().describe("A new key; null removes it; absent keeps it"),
    baseUrl: ZBaseUrl.nullable().optional().describe("null: the kind's default"),
  })
  .strict();
export type UpdateProviderInput = z.infer<typeof ZUpdateProviderInput>;

export const ZProviderIdInput = z.object({ id: ZId }).strict();

export const ZAddModelInput = ZModelInput.extend({ id: ZId.describe("The provider") }).strict();
export type AddModelInput = z.infer<typeof ZAddModelInput>;

export const ZUpdateModelInput = z
  .object({ id: ZId.describe("The provider"), modelId: ZId, maxTokens: ZMaxTokens })
  .strict();
export type UpdateModelInput = z.infer<typeof ZUpdateModelInput>;

export const ZDeleteModelInput = z.object({ id: ZId.describe("The provider"), modelId: ZId }).strict();
export type DeleteModelInput = z.infer<typeof ZDeleteModelInput>;

export const ZListModelsInput = z
  .object({ type: ZModelType.optional().describe("Only models of this type") })
  .strict();
export type ListModelsInput = z.infer<typeof ZListModelsInput>;

export const ZProviderModel = z.object({
  id: ZId,
  name: z.string(),
  type: ZModelType,
  maxTokens: z.number().int(),
  modelId: z.string().describe("`name@provider`, what settings and chats refer to"),
});
export type ProviderModel = z.infer<typeof ZProviderModel>;

export const ZModelProvider = z.object({
  id: ZId,
  provider: ZProviderKind,
  name: z.string(),
  baseUrl: z.string().nullable().describe("null: the kind's default"),
  apiKey: z.string().nullable().describe("Masked (`sk-…abcd`); null when none is set"),
  models: z.array(ZProviderModel),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type ModelProvider = z.infer<typeof ZModelProvider>;

export const ZModelInfo = z.object({
  id: z.string().describe("`name@provider`"),
  name: z.string(),
  type: ZModelType,
  provider: z.enum(["builtin", ...PROVIDER_KINDS]),
  providerName: z.string(),
  providerId: ZId.nullable().describe("null for built-in models"),
  maxTokens: z.number().int(),
  isDefault: z.boolean().describe("The workspace's default for its type"),
});
export type ModelInfo = z.infer<typeof ZModelInfo>;

export const ZDiscoveredModel = z.object({
  name: z.string(),
  type: ZModelType.describe("A guess from the name; change it when adding"),
  isAdded: z.boolean(),
});
export type DiscoveredModel = z.infer<typeof ZDiscoveredModel>;

export const ZTestProviderResult = z.object({
  ok: z.literal(true),
  latencyMs: z.number(),
  checked: z.string().describe("What was called, e.g. `chat gpt-4o-mini` or `list models`"),
});
export type TestProviderResult = z.infer<typeof ZTestProviderResult>;

/** Splits `name@provider` at its last `@` (model names may contain one, provider names never). */
export function parseModelId(modelId: string): { name: string; providerName: string } | undefined {
  const at = modelId.lastIndexOf("@");
  if (at <= 0 || at === modelId.length - 1) return undefined;
  return { name: modelId.slice(0, at), providerName: modelId.slice(at + 1) };
}

export const modelIdOf = (name: string, providerName: string) => `${name}@${providerName}`;
