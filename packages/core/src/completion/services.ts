/**
 * What completion needs from the other services, in one place: retrieval (SPEC §5) and the
 * tenant's chat model (SPEC §4; null = none configured → the built-in extractive answerer).
 */
import type { Deps } from "../deps";
import { resolveChatModel } from "../models/resolve";
import type { ChatModel } from "../ports/llm";
import { type RetrieveInput, retrieve } from "../retrieval/retrieve";
import type { RetrievalResult } from "../schemas/retrieval";

export function retrievePassages(deps: Deps, input: RetrieveInput): Promise<RetrievalResult> {
  return retrieve(deps, input);
}

/** The chat's model (null: the workspace default), or null for the extractive answerer; a 400 naming an unknown model. */
export function chatModelFor(
  deps: Deps,
  query: { tenantId: string; modelId: string | null },
): Promise<ChatModel | null> {
  return resolveChatModel(deps, query);
}
