import { findDocumentRow, listDocumentChunks, setChunkEmbeddings, updateDocument } from "@ragtime/db";
import type { DocumentRow } from "@ragtime/db/schema";
import { embedAll } from "@ragtime/rag";
import type { Deps } from "../deps";
import type { JobContext } from "../ports/task-queue";
import { appendLog, logLine } from "./progress-log";

const PAGE = 500;

/**
 * Second phase of ingestion: vectors for a document's chunks, after the document is already DONE
 * and searchable by keyword (embedding is the long pole with the built-in encoder, so it never
 * holds searchability back). Only chunks without a vector are embedded; a retry resumes.
 * Without an embedder for the knowledge base's model, the document stays keyword-only.
 */
export async function embedDocument(
  deps: Deps,
  doc: Pick<DocumentRow, "id">,
  embeddingModel: string,
  ctx: Pick<JobContext, "signal" | "heartbeat">,
): Promise<number> {
  if (!deps.config.EMBEDDINGS_ENABLED) return 0;
  const embedder = deps.embedder?.(embeddingModel);
  if (!embedder) return 0;
  let embedded = 0;
  for (let page = 1; ; page++) {
    const { items } = await listDocumentChunks(deps.database, { docId: doc.id, page, pageSize: PAGE });
    const missing = items.filter((c) => c.vectorDim === null);
    if (missing.length > 0) {
      const vectors = await embedAll(
        embedder,
        missing.map((c) => c.content),
        { signal: ctx.signal, onProgress: () => void ctx.heartbeat().catch(() => {}) },
      );
      await setChunkEmbeddings(deps.database, {
        embeddings: missing.flatMap((c, i) => {
          const embedding = vectors[i];
          return embedding ? [{ chunkId: c.id, embedding }] : [];
        }),
      });
      embedded += missing.length;
      await ctx.heartbeat();
    }
    if (items.length < PAGE) break;
  }
  return embedded;
}

/**
 * Embeds a finished document and notes the outcome in its log. Never fails the document: a
 * provider error leaves it DONE and searchable by keyword, and says so.
 */
export async function embedFinishedDocument(
  deps: Deps,
  docId: string,
  embeddingModel: string,
  ctx: Pick<JobContext, "signal" | "heartbeat">,
): Promise<void> {
  let note: string | undefined;
  try {
    const n = await embedDocument(deps, { id: docId }, embeddingModel, ctx);
    if (n > 0) note = `Embedded ${n} chunk${n === 1 ? "" : "s"} with ${embeddingModel}`;
  } catch (error) {
    if (ctx.signal.aborted) return;
    deps.logger.warn({ err: error, docId }, "embedding failed; the document stays searchable by keyword");
    note = `Embedding failed (${(error as Error).message}); searchable by keyword only`;
  }
  if (!note) return;
  const doc = await findDocumentRow(deps.database, docId);
  if (!doc) return;
  await updateDocument(
    deps.database,
    { kbId: doc.kbId, id: doc.id },
    {
      progressMsg: appendLog(doc.progressMsg, logLine(deps.now(), note)),
    },
  );
}
