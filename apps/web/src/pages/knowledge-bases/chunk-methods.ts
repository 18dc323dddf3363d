import { ZChunkMethod } from "@ragtime/core/schemas";
import { useTranslation } from "react-i18next";

export const CHUNK_METHODS = ZChunkMethod.options;
export type ChunkMethod = (typeof CHUNK_METHODS)[number];

export function isChunkMethod(value: unknown): value is ChunkMethod {
  return typeof value === "string" && (CHUNK_METHODS as readonly string[]).includes(value);
}

/** Select options: each method by its name in the UI language. */
export function useChunkMethodOptions(): { value: ChunkMethod; label: string }[] {
  const { t } = useTranslation();
  return CHUNK_METHODS.map((method) => ({ value: method, label: t(`knowledge.chunkMethods.${method}`) }));
}
