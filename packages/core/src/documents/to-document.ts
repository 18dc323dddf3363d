import type { DocumentRow } from "@ragtime/db/schema";
import { type Document, ZDocumentMetadata, ZParserConfig } from "../schemas/index";

export function toDocument(row: DocumentRow): Document {
  return {
    id: row.id,
    kbId: row.kbId,
    name: row.name,
    suffix: row.suffix,
    type: row.type,
    size: row.size,
    chunkMethod: row.chunkMethod,
    parserConfig: ZParserConfig.parse(row.parserConfig),
    run: row.run,
    progress: row.progress,
    progressMsg: row.progressMsg,
    processBeginAt: row.processBeginAt?.toISOString() ?? null,
    processDurationMs: row.processDurationMs,
    chunkCount: row.chunkCount,
    tokenCount: row.tokenCount,
    enabled: row.enabled,
    metadata: ZDocumentMetadata.parse(row.metadata),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
