import {
  bumpKnowledgeBaseCounters,
  deleteChunks,
  getChunks,
  type IndexedChunk,
  setChunksAvailable as setAvailable,
  setChunkEmbeddings,
  updateDocument,
  upsertChunks,
} from "@ragtime/db";
import type { DocumentRow, KnowledgeBaseRow } from "@ragtime/db/schema";
import { countTokens } from "@ragtime/rag";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { loadEditableDocument, loadVisibleDocument } from "../documents/get-document";
import { isAppError, notFound } from "../errors";
import { type ChunkText, indexInputsFor } from "../ingestion/index-input";
import type { Chunk, CreateChunkInput, UpdateChunkInput } from "../schemas/index";
import { toChunk } from "./list-chunks";

/** The chunk's document, if the actor may see (or edit) it; a hidden one answers like an unknown chunk. */
async function documentOfChunk(deps: Deps, actor: Actor, docId: string, edit: boolean) {
  const load = edit ? loadEditableDocument : loadVisibleDocument;
  return load(deps, actor, docId).catch((error: unknown) => {
    throw isAppError(error) && error.code === "NOT_FOUND" ? notFound("entity.chunk") : error;
  });
}

async function loadChunk(deps: Deps, actor: Actor, id: string, edit: boolean) {
  const [chunk] = await getChunks(deps.database, [id]);
  if (!chunk) throw notFound("entity.chunk");
  return { chunk, ...(await documentOfChunk(deps, actor, chunk.docId, edit)) };
}

export async function getChunk(deps: Deps, input: { actor: Actor; id: string }): Promise<Chunk> {
  return toChunk((await loadChunk(deps, input.actor, input.id, false)).chunk);
}

/**
 * Writes chunks of one document into the index, embeds them on the spot when the knowledge
 * base's model is available here, and keeps the document's and KB's counters in step.
 */
async function writeChunks(
  deps: Deps,
  doc: DocumentRow,
  kb: KnowledgeBaseRow,
  texts: ChunkText[],
  removeIds: string[] = [],
): Promise<string[]> {
  const inputs = texts.map(indexInputsFor(doc, kb.language));
  const counts = await upsertChunks(deps.database, { kbId: kb.id, docId: doc.id, chunks: inputs, removeIds });
  await deps.database.transaction(async (tx) => {
    await updateDocument(
      tx,
      { kbId: kb.id, id: doc.id },
      { chunkCount: counts.chunkCount, tokenCount: counts.tokenCount },
    );
    await bumpKnowledgeBaseCounters(tx, kb.id, {
      chunkCount: counts.chunkCount - doc.chunkCount,
      tokenCount: counts.tokenCount - doc.tokenCount,
    });
  });
  const embedder = deps.config.EMBEDDINGS_ENABLED ? deps.embedder?.(kb.embeddingModel) : undefined;
  if (embedder) {
    const vectors = await embedder.embed(
      inputs.map((i) => i.content),
      { priority: "high" },
    );
    await setChunkEmbeddings(deps.database, {
      embeddings: inputs.flatMap((i, n) => {
        const embedding = vectors[n];
        return embedding ? [{ chunkId: i.id, embedding }] : [];
      }),
    });
  }
  return inputs.map((i) => i.id);
}

async function chunkById(deps: Deps, id: string | undefined): Promise<Chunk> {
  const [chunk] = id ? await getChunks(deps.database, [id]) : [];
  if (!chunk) throw notFound("entity.chunk");
  return toChunk(chunk);
}

/** A manual chunk, added to a document (its creator, or owner/admin), indexed and embedded at once. */
export async function createChunk(deps: Deps, input: CreateChunkInput & { actor: Actor }): Promise<Chunk> {
  const { document, kb } = await loadEditableDocument(deps, input.actor, input.documentId);
  const [id] = await writeChunks(deps, document, kb, [
    {
      content: input.content,
      tokenCount: countTokens(input.content),
      importantKeywords: input.importantKeywords ?? [],
      questions: input.questions ?? [],
      ordinal: 2_000_000_000,
    },
  ]);
  return chunkById(deps, id);
}

/** Changes a chunk's text, keywords, questions or switch; new text is re-indexed and re-embedded. */
export async function updateChunk(deps: Deps, input: UpdateChunkInput & { actor: Actor }): Promise<Chunk> {
  const { chunk, document, kb } = await loadChunk(deps, input.actor, input.id, true);
  const isReindexed =
    input.content !== undefined || input.importantKeywords !== undefined || input.questions !== undefined;
  let id = chunk.id;
  if (isReindexed) {
    const content = input.content ?? chunk.content;
    const text: ChunkText = {
      content,
      tokenCount: countTokens(content),
      positions: chunk.positions,
      pageNumbers: chunk.pageNumbers,
      ordinal: chunk.ordinal,
      importantKeywords: input.importantKeywords ?? chunk.importantKeywords,
      questions: input.questions ?? chunk.questions,
      available: input.available ?? chunk.available,
    };
    const [newId] = await writeChunks(deps, document, kb, [text], [chunk.id]);
    id = newId ?? chunk.id;
  } else if (input.available !== undefined) {
    await setAvailable(deps.database, { chunkIds: [chunk.id], available: input.available });
  }
  return chunkById(deps, id);
}

async function loadChunks(deps: Deps, actor: Actor, ids: string[]): Promise<IndexedChunk[]> {
  const chunks = await getChunks(deps.database, ids);
  if (chunks.length !== new Set(ids).size) throw notFound("entity.chunk");
  for (const docId of new Set(chunks.map((c) => c.docId))) await documentOfChunk(deps, actor, docId, true);
  return chunks;
}

/** Disabled chunks are never retrieved; enabling brings them back. */
export async function setChunksAvailable(
  deps: Deps,
  input: { actor: Actor; ids: string[]; available: boolean },
): Promise<{ ok: true }> {
  await loadChunks(deps, input.actor, input.ids);
  await setAvailable(deps.database, { chunkIds: input.ids, available: input.available });
  return { ok: true };
}

export async function deleteChunksOf(
  deps: Deps,
  input: { actor: Actor; ids: string[] },
): Promise<{ ok: true }> {
  const chunks = await loadChunks(deps, input.actor, input.ids);
  const tokensByDoc = new Map<string, { kbId: string; chunks: number; tokens: number }>();
  for (const c of chunks) {
    const entry = tokensByDoc.get(c.docId) ?? { kbId: c.kbId, chunks: 0, tokens: 0 };
    entry.chunks += 1;
    entry.tokens += c.tokenCount;
    tokensByDoc.set(c.docId, entry);
  }
  await deleteChunks(deps.database, { chunkIds: input.ids });
  for (const [docId, delta] of tokensByDoc) {
    const { document } = await loadVisibleDocument(deps, input.actor, docId);
    await deps.database.transaction(async (tx) => {
      await updateDocument(
        tx,
        { kbId: delta.kbId, id: docId },
        {
          chunkCount: Math.max(0, document.chunkCount - delta.chunks),
          tokenCount: Math.max(0, document.tokenCount - delta.tokens),
        },
      );
      await bumpKnowledgeBaseCounters(tx, delta.kbId, {
        chunkCount: -delta.chunks,
        tokenCount: -delta.tokens,
      });
    });
  }
  return { ok: true };
}
