import type { RouterOutputs } from "@ragtime/server/router";
import { useOutletContext } from "react-router";

export type KnowledgeBase = RouterOutputs["knowledgeBases"]["get"];
export type KbDocument = RouterOutputs["documents"]["get"];
export type Chunk = RouterOutputs["chunks"]["get"];

/** What the knowledge base layout hands its tabs. */
export type KbOutlet = { kb: KnowledgeBase };

export function useKbOutlet(): KbOutlet {
  return useOutletContext<KbOutlet>();
}
