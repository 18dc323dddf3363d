import { findDocumentRow, listDocumentChunks, setChunkEmbeddings, updateDocument } from "@ragtime/db";
import type { Embedder } from "@ragtime/rag";
import type { Deps } from "../deps";
import { appendLog, logLine } from "./progress-log";

/** Chunks embedded per round: one vector write (one transaction) per round. */
const ROUND_CHUNKS = 128;
/** While keyword work runs: pause after each text, this many times as long as embedding it took. */
const BUSY_REST = 2;
/** Chunks read per document per round. */
const PAGE = 500;

type Entry = {
  docId: string;
  model: string;
  embedded: number;
  page: number;
  failed?: string | undefined;
  /** Picked for a round whose vectors are not stored yet. */
  busy?: boolean;
};
type Picked = { entry: Entry; chunks: { id: string; content: string }[]; complete: boolean };

/**
 * Vectors follow keyword indexing (SPEC §3: a document is DONE and searchable by keyword first;
 * with the built-in encoder embedding is the long pole, ~11 abstracts/s per core). Documents that
 * became DONE are handed here and embedded in the background, many documents' chunks per round,
 * so the task that indexed a document never waits for its vectors and the encoder's threads are
 * all kept busy by one stream of work.
 *
 * While keyword work is under way (`busy()`), one text at a time is embedded, with a rest twice as
 * long after each — at most a third of one core — so that parsing and indexing keep the cores yet
 * vectors still progress during a long ingestion; once it is done, as many texts at once as the
 * encoder has threads (and then some, to cover the gaps between batches). EMBEDDING_NICENESS can
 * lower the encoder threads' priority on top of that (a server dedicated to Ragtime).
 *
 * A document's log says when its vectors are in, or why not: an embedding failure never fails the
 * document, which stays searchable by keyword. The work list is in memory; documents that were DONE
 * but not yet embedded when a process stopped are queued again when workers start (start-workers.ts).
 */
export function createEmbeddingService(deps: Deps, options: { busy: () => boolean }) {
  const queue = new Map<string, Entry>();
  const stop = new AbortController();
  let wake: (() => void) | undefined;
  let running: Promise<void> | undefined;

  const embedderFor = (model: string): Embedder | undefined =>
    deps.config.EMBEDDINGS_ENABLED ? deps.embedder?.(model) : undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stop.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });

  /** Embeds texts; while `busy()`, one at a time, otherwise `lanes` calls of up to `batch` texts at once. */
  const embedTexts = async (embedder: Embedder, texts: string[]): Promise<Float32Array[]> => {
    const out = new Array<Float32Array>(texts.length);
    const threads = "threads" in embedder && typeof embedder.threads === "number" ? embedder.threads : 2;
    let next = 0;
    const lane = async (index: number) => {
      while (next < texts.length && !stop.signal.aborted) {
        const busy = options.busy();
        // The first lane keeps embedding while indexing runs; the others wait for it to finish.
        if (busy && index > 0) {
          await sleep(100);
          continue;
        }
        const size = busy
          ? 1
          : Math.max(1, Math.min(embedder.maxBatch, Math.ceil((texts.length - next) / threads)));
        const start = next;
        next += size;
        const batch = texts.slice(start, start + size);
        const began = performance.now();
        const vectors = await embedder.embed(batch, { signal: stop.signal });
        if (vectors.length !== batch.length) {
          throw new Error(`${embedder.id} returned ${vectors.length} vectors for ${batch.length} texts`);
        }
        vectors.forEach((vector, i) => {
          out[start + i] = vector instanceof Float32Array ? vector : Float32Array.from(vector);
        });
        // While keyword work runs, the one lane rests twice as long as it worked: at most a third
        // of one core goes to embedding, and vectors still make progress during a long ingestion.
        if (busy) await sleep(BUSY_REST * (performance.now() - began));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, threads + 1) }, (_, i) => lane(i)));
    stop.signal.throwIfAborted();
    return out;
  };

  const note = async (entries: Entry[]) => {
    for (const entry of entries) {
      const text = entry.failed
        ? `Embedding failed (${entry.failed}); searchable by keyword only`
        : entry.embedded > 0
          ? `Embedded ${entry.embedded} chunk${entry.embedded === 1 ? "" : "s"} with ${entry.model}`
          : undefined;
      if (!text) continue;
      const doc = await findDocumentRow(deps.database, entry.docId);
      // A document re-queued meanwhile gets its own note when its new chunks are embedded.
      if (doc?.run !== "DONE") continue;
      await updateDocument(
        deps.database,
        { kbId: doc.kbId, id: doc.id },
        { progressMsg: appendLog(doc.progressMsg, logLine(deps.now(), text)) },
      );
    }
  };

  /** One round: up to ROUND_CHUNKS chunks without a vector, from the oldest waiting documents of one model. */
  /** What one round embeds: up to ROUND_CHUNKS chunks without a vector, oldest documents first, one model. */
  const pick = async () => {
    const first = [...queue.values()].find((entry) => !entry.busy);
    if (!first) return undefined;
    const embedder = embedderFor(first.model);
    if (!embedder) {
      queue.delete(first.docId);
      return { embedder: undefined, picked: [] };
    }
    const picked: Picked[] = [];
    let total = 0;
    for (const entry of queue.values()) {
      if (total >= ROUND_CHUNKS) break;
      // A document whose previous round is still being written waits for it (its vectors are not in yet).
      if (entry.model !== first.model || entry.busy) continue;
      // Pages in chunk order; a page with nothing left to embed moves the document's cursor on.
      let take: { id: string; content: string }[] = [];
      let complete = false;
      for (;;) {
        const { items } = await listDocumentChunks(deps.database, {
          docId: entry.docId,
          page: entry.page,
          pageSize: PAGE,
        });
        const missing = items.filter((c) => c.vectorDim === null);
        take = missing.slice(0, ROUND_CHUNKS - total).map((c) => ({ id: c.id, content: c.content }));
        const lastPage = items.length < PAGE;
        if (missing.length === 0 && !lastPage) {
          entry.page++;
          continue;
        }
        complete = take.length === missing.length && lastPage;
        break;
      }
      entry.busy = true;
      picked.push({ entry, chunks: take, complete });
      total += take.length;
    }
    return { embedder, picked };
  };

  /** Stores a round's vectors and notes finished documents; runs while the next round embeds. */
  const store = async (picked: Picked[], vectors: Float32Array[] | undefined, failure: unknown) => {
    try {
      if (vectors && failure === undefined) {
        let i = 0;
        const embeddings = picked.flatMap((p) =>
          p.chunks.map((c) => ({ chunkId: c.id, embedding: vectors[i++] as Float32Array })),
        );
        if (embeddings.length > 0) await setChunkEmbeddings(deps.database, { embeddings });
        for (const p of picked) p.entry.embedded += p.chunks.length;
      } else {
        deps.logger.warn(
          { err: failure, documents: picked.length },
          "embedding failed; the documents stay searchable by keyword",
        );
        for (const p of picked) {
          p.entry.failed = failure instanceof Error ? failure.message : String(failure);
          p.complete = true;
        }
      }
      const finished = picked.filter((p) => p.complete).map((p) => p.entry);
      for (const entry of finished) queue.delete(entry.docId);
      await note(finished);
    } finally {
      for (const p of picked) p.entry.busy = false;
    }
  };

  const loop = async () => {
    // The database side of round N (vectors, notes, reading round N+1) overlaps the encoder's
    // work on round N+1: the encoder's threads never wait for the database between rounds.
    let storing: Promise<void> = Promise.resolve();
    while (!stop.signal.aborted) {
      try {
        const round = queue.size > 0 ? await pick() : undefined;
        if (!round) {
          if (queue.size > 0) {
            // Every waiting document is being stored: let that finish.
            await storing;
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            stop.signal.addEventListener("abort", () => resolve(), { once: true });
          });
          wake = undefined;
          continue;
        }
        const { embedder, picked } = round;
        if (!embedder) continue;
        const texts = picked.flatMap((p) => p.chunks.map((c) => c.content));
        let vectors: Float32Array[] | undefined;
        let failure: unknown;
        try {
          vectors = texts.length > 0 ? await embedTexts(embedder, texts) : [];
        } catch (error) {
          if (stop.signal.aborted) return;
          failure = error;
        }
        const previous = storing;
        storing = previous.then(() => store(picked, vectors, failure));
        // At most one round stored while the next embeds.
        await previous;
      } catch (error) {
        if (stop.signal.aborted) return;
        // A database hiccup: try again shortly rather than spin.
        deps.logger.warn({ err: error }, "embedding round failed");
        await sleep(1000);
      }
    }
    await storing.catch(() => {});
  };

  return {
    /** Queues a finished document for vectors (no-op without an embedder for its model). */
    add(docId: string, model: string) {
      if (!embedderFor(model)) return;
      const existing = queue.get(docId);
      if (existing) {
        existing.failed = undefined;
        existing.page = 1;
      } else queue.set(docId, { docId, model, embedded: 0, page: 1 });
      running ??= loop();
      wake?.();
    },
    /** Documents waiting for vectors. */
    get pending() {
      return queue.size;
    },
    async close() {
      stop.abort();
      await running;
    },
  };
}

export type EmbeddingService = ReturnType<typeof createEmbeddingService>;
