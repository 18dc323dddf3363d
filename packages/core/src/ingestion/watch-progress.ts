import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { loadVisibleKnowledgeBase } from "../knowledge-bases/get-knowledge-base";
import type { DocumentProgressEvent } from "../ports/progress-bus";

/**
 * Live progress of a knowledge base's documents, for the web app's progress bars (SPEC §3:
 * pushed, not polled). Access is checked once, when the subscription opens.
 */
export async function watchKnowledgeBaseProgress(
  deps: Deps,
  input: { actor: Actor; kbId: string; signal: AbortSignal },
): Promise<AsyncIterable<DocumentProgressEvent>> {
  const kb = await loadVisibleKnowledgeBase(deps, input.actor, input.kbId);
  return deps.progress.subscribe(kb.id, input.signal);
}
