// Chat models over each provider's own wire protocol, streamed and not:
// - OpenAI and OpenAI-compatible servers: POST {baseUrl}/chat/completions (SSE `data:` chunks, `[DONE]`);
// - Ollama: POST {origin}/api/chat (NDJSON lines, `done: true` last);
// - Anthropic: POST {baseUrl}/messages (SSE events `content_block_delta` … `message_stop`).

import type { ChatModel, ChatRequest, LlmMessage } from "../ports/llm";
import {
  badResponse,
  type CallOptions,
  type CallPolicy,
  isRecord,
  requestJson,
  requestLines,
  sseEvents,
} from "./http";

export type RemoteModelSpec = {
  /** `name@provider`, as users see it. */
  id: string;
  /** The model's name at the provider. */
  model: string;
  baseUrl: string;
  apiKey?: string | undefined;
  /** Context window (prompt + answer), from the model's `maxTokens` setting. */
  contextTokens: number;
  /** Names the provider in error messages. */
  label: string;
  policy: CallPolicy;
};

const call = (
  spec: RemoteModelSpec,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): CallOptions => ({
  who: { label: spec.label, secret: spec.apiKey },
  policy: spec.policy,
  headers,
  signal,
});

const bearer = (apiKey: string | undefined): Record<string, string> =>
  apiKey ? { authorization: `Bearer ${apiKey}` } : {};

/** What is left of `text` to show in an error: the model said something unexpected. */
const describe = (value: unknown) => JSON.stringify(value)?.slice(0, 300) ?? String(value);

// ---- OpenAI and OpenAI-compatible ---------------------------------------------------------------

/** OpenAI's reasoning models refuse sampling settings and `max_tokens`. */
const isOpenAIReasoningModel = (model: string) => /^(o\d|gpt-5)/.test(model);

export function createOpenAIChatModel(
  spec: RemoteModelSpec & { kind: "openai" | "openai-compatible" },
): ChatModel {
  const url = `${spec.baseUrl}/chat/completions`;
  const headers = bearer(spec.apiKey);
  const body = (request: ChatRequest, stream: boolean) => {
    const reasoning = spec.kind === "openai" && isOpenAIReasoningModel(spec.model);
    return {
      model: spec.model,
      messages: request.messages.map(({ role, content }) => ({ role, content })),
      stream,
      ...(reasoning
        ? {}
        : {
            temperature: request.temperature,
            top_p: request.topP,
            presence_penalty: request.presencePenalty,
            frequency_penalty: request.frequencyPenalty,
          }),
      // OpenAI itself deprecated max_tokens for max_completion_tokens; other servers mostly know only max_tokens.
      ...(request.maxTokens === undefined
        ? {}
        : spec.kind === "openai"
          ? { max_completion_tokens: request.maxTokens }
          : { max_tokens: request.maxTokens }),
    };
  };
  return {
    id: spec.id,
    contextTokens: spec.contextTokens,
    async *stream(request) {
      const options = call(spec, headers, request.signal);
      for await (const event of sseEvents(requestLines(url, body(request, true), options))) {
        if (event.data === "[DONE]") return;
        const chunk = parseJson(event.data, options);
        if (isRecord(chunk) && chunk.error !== undefined) throw streamedError(chunk.error, options);
        const choice = isRecord(chunk) && Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
        const delta = isRecord(choice) && isRecord(choice.delta) ? choice.delta.content : undefined;
        if (typeof delta === "string" && delta !== "") yield delta;
      }
    },
    async complete(request) {
      const options = call(spec, headers, request.signal);
      const answer = await requestJson(url, body(request, false), options);
      const choice = isRecord(answer) && Array.isArray(answer.choices) ? answer.choices[0] : undefined;
      const content = isRecord(choice) && isRecord(choice.message) ? choice.message.content : undefined;
      if (typeof content === "string") return content;
      // A refusal or tool call carries null content: an empty answer, not a protocol error.
      if (content === null) return "";
      throw badResponse(options, `no choices[0].message.content in ${describe(answer)}`);
    },
  };
}

// ---- Ollama ---------------------------------------------------------------------------------------

export function createOllamaChatModel(spec: RemoteModelSpec): ChatModel {
  const url = `${spec.baseUrl}/api/chat`;
  const headers = bearer(spec.apiKey);
  const body = (request: ChatRequest, stream: boolean) => ({
    model: spec.model,
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    stream,
    options: {
      // Ollama's default context is 2–4 k tokens and it silently cuts a longer prompt from the
      // front — the system prompt with the knowledge would go first. The model's window is asked for.
      num_ctx: spec.contextTokens,
      ...defined({
        temperature: request.temperature,
        top_p: request.topP,
        presence_penalty: request.presencePenalty,
        frequency_penalty: request.frequencyPenalty,
        num_predict: request.maxTokens,
      }),
    },
  });
  const content = (line: unknown, options: CallOptions): string => {
    if (!isRecord(line)) throw badResponse(options, `unexpected line ${describe(line)}`);
    if (line.error !== undefined) throw streamedError(line.error, options);
    const text = isRecord(line.message) ? line.message.content : undefined;
    return typeof text === "string" ? text : "";
  };
  return {
    id: spec.id,
    contextTokens: spec.contextTokens,
    async *stream(request) {
      const options = call(spec, headers, request.signal);
      for await (const raw of requestLines(url, body(request, true), options)) {
        if (raw.trim() === "") continue;
        const line = parseJson(raw, options);
        const text = content(line, options);
        if (text !== "") yield text;
        if (isRecord(line) && line.done === true) return;
      }
    },
    async complete(request) {
      const options = call(spec, headers, request.signal);
      return content(await requestJson(url, body(request, false), options), options);
    },
  };
}

// ---- Anthropic ------------------------------------------------------------------------------------

export const ANTHROPIC_VERSION = "2023-06-01";

/**
 * Anthropic takes the system prompt apart, wants user and assistant turns to alternate and the
 * first to be the user's: system messages are joined, consecutive turns of one role merged, and
 * a leading assistant turn (a chat's opener) dropped.
 */
export function toAnthropicMessages(messages: LlmMessage[]): {
  system: string | undefined;
  messages: Array<{ role: "user" | "assistant"; content: string }>;
} {
  const system = messages.filter((m) => m.role === "system").map((m) => m.content);
  const turns: Array<{ role: "user" | "assistant"; content: string }> = [];
  for (const message of messages) {
    if (message.role === "system") continue;
    if (turns.length === 0 && message.role === "assistant") continue;
    const last = turns[turns.length - 1];
    if (last && last.role === message.role) last.content = `${last.content}\n\n${message.content}`;
    else turns.push({ role: message.role, content: message.content });
  }
  return { system: system.length > 0 ? system.join("\n\n") : undefined, messages: turns };
}

export function createAnthropicChatModel(spec: RemoteModelSpec): ChatModel {
  const url = `${spec.baseUrl}/messages`;
  const headers: Record<string, string> = {
    "anthropic-version": ANTHROPIC_VERSION,
    ...(spec.apiKey ? { "x-api-key": spec.apiKey } : {}),
  };
  const body = (request: ChatRequest, stream: boolean) => {
    const { system, messages } = toAnthropicMessages(request.messages);
    return {
      model: spec.model,
      // Required by the API; a quarter of the window when the chat sets none.
      max_tokens: request.maxTokens ?? Math.min(4096, Math.max(256, Math.floor(spec.contextTokens / 4))),
      ...(system === undefined ? {} : { system }),
      messages,
      stream,
      // Recent Claude models refuse temperature and top_p together: temperature wins.
      ...(request.temperature !== undefined
        ? { temperature: Math.min(1, Math.max(0, request.temperature)) }
        : request.topP !== undefined
          ? { top_p: request.topP }
          : {}),
    };
  };
  return {
    id: spec.id,
    contextTokens: spec.contextTokens,
    async *stream(request) {
      const options = call(spec, headers, request.signal);
      for await (const event of sseEvents(requestLines(url, body(request, true), options))) {
        const data = parseJson(event.data, options);
        if (!isRecord(data)) continue;
        if (data.type === "error") throw streamedError(data.error, options);
        if (data.type === "message_stop") return;
        if (data.type === "content_block_delta" && isRecord(data.delta) && data.delta.type === "text_delta") {
          const text = data.delta.text;
          if (typeof text === "string" && text !== "") yield text;
        }
      }
    },
    async complete(request) {
      const options = call(spec, headers, request.signal);
      const answer = await requestJson(url, body(request, false), options);
      if (!isRecord(answer) || !Array.isArray(answer.content)) {
        throw badResponse(options, `no content in ${describe(answer)}`);
      }
      return answer.content
        .map((block: unknown) =>
          isRecord(block) && block.type === "text" && typeof block.text === "string" ? block.text : "",
        )
        .join("");
    },
  };
}

// ---- shared ---------------------------------------------------------------------------------------

function parseJson(text: string, options: CallOptions): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badResponse(options, `a streamed line is not JSON: ${text.slice(0, 200)}`);
  }
}

/** An error the provider reported inside a 200 stream (overloaded mid-answer, model unloaded…). */
function streamedError(error: unknown, options: CallOptions) {
  const message = isRecord(error) && typeof error.message === "string" ? error.message : describe(error);
  const type = isRecord(error) ? String(error.type ?? "") : "";
  const failure = /auth|permission/i.test(type)
    ? "AUTH"
    : /invalid_request|not_found/i.test(type)
      ? "BAD_REQUEST"
      : "SERVER";
  return badResponse(options, `error in the streamed answer: ${message}`, failure);
}

function defined(values: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<
    string,
    number
  >;
}
