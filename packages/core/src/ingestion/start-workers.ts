import { findDocumentsMissingVectors, findUnfinishedTasks } from "@ragtime/db";
import type { Deps } from "../deps";
import type { TaskWorker } from "../ports/task-queue";
import { createIngestionPipeline } from "./pipeline";
import { failTask, processTask } from "./process-task";

/**
 * Starts this process's ingestion workers. First, every unfinished task of a queued or running
 * document goes (back) on the queue: a queue that lost its jobs — the in-process one after a
 * restart, Redis without persistence — loses no work, and nothing stays "parsing 80%" forever.
 * Adding a task that is already queued is a no-op.
 *
 * `concurrency` (default WORKER_CONCURRENCY) is how many tasks parse at once; the process takes
 * INGEST_BATCH_DOCS more from the queue, so that small documents wait for their shared write
 * while the next ones are parsed (see pipeline.ts).
 */
export async function startIngestionWorkers(
  deps: Deps,
  options: { concurrency?: number } = {},
): Promise<TaskWorker> {
  const unfinished = await findUnfinishedTasks(deps.database);
  for (const task of unfinished) await deps.queue.add({ taskId: task.id, docId: task.docId });
  if (unfinished.length > 0)
    deps.logger.info({ tasks: unfinished.length }, "re-queued unfinished ingestion tasks");
  const parseSlots = options.concurrency ?? deps.config.WORKER_CONCURRENCY;
  const batchDocuments = deps.config.INGEST_BATCH_DOCS;
  const pipeline = createIngestionPipeline(deps, {
    parseSlots,
    batchDocuments,
    parseThreads: deps.config.PARSE_THREADS,
  });
  // Vectors are in-memory work (embed-service.ts): documents a previous process indexed but did not
  // finish embedding are picked up again here. (With several worker processes each one scans; the
  // vectors they write are the same, so the worst case is repeated work, never a wrong vector.)
  if (deps.config.EMBEDDINGS_ENABLED) {
    const missing = await findDocumentsMissingVectors(deps.database);
    for (const { docId, embeddingModel } of missing) pipeline.embeddings.add(docId, embeddingModel);
    if (missing.length > 0)
      deps.logger.info(
        { documents: missing.length },
        "resuming vectors of documents indexed before a restart",
      );
  }
  const worker = deps.queue.work((job, ctx) => processTask(pipeline, job, ctx), {
    concurrency: parseSlots + batchDocuments,
    onFailed: async (job, error, attempts) => {
      deps.logger.warn({ taskId: job.taskId, attempts, reason: error.message }, "ingestion task failed");
      await failTask(deps, job, error);
    },
  });
  return {
    async close(graceMs) {
      await worker.close(graceMs);
      await pipeline.close();
    },
  };
}
