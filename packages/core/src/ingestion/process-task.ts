import {
  appendDocumentChunks,
  discardDocumentRun,
  findDocumentRow,
  findTaskContext,
  type IndexChunkInput,
  TASK_FAILED,
  updateTask,
} from "@ragtime/db";
import { chunkDocument, isParseError } from "@ragtime/rag";
import type { Deps } from "../deps";
import { readBlob } from "../documents/read-blob";
import { type JobContext, type TaskJob, UnrecoverableError } from "../ports/task-queue";
import { ZParserConfig } from "../schemas/index";
import { indexInputsFor } from "./index-input";
import type { IngestionPipeline } from "./pipeline";
import { appendLog, logLine, pageLabel } from "./progress-log";
import { rollUpDocument } from "./roll-up";
import { runIdOf } from "./run-id";
import type { TaskContext } from "./task-contexts";

/** Parse errors that no retry can fix: the task fails at once with the parser's own words. */
const PERMANENT_PARSE_ERRORS = new Set([
  "EMPTY_FILE",
  "UNSUPPORTED_TYPE",
  "TYPE_MISMATCH",
  "ZIP_BOMB",
  "TOO_MANY_PAGES",
  "ENCRYPTED",
  "CORRUPT",
]);

/**
 * A small document's first attempt shows RUNNING only if it is not DONE within this time: the
 * thousand abstracts of a bulk upload go QUEUED → DONE without a write (and a broadcast) each in
 * between, while anything slower still shows that it is being worked on.
 */
const QUIET_START_MS = 1000;

/**
 * One ingestion task: a page range of a document → parse → chunk → tokenize → into the chunk
 * index. Idempotent (at-least-once delivery). Checks its signal and renews its lease between steps
 * and while it waits (for a parse slot, for its batch write).
 *
 * - A whole document (anything but a PDF: one task) is written with other small documents in one
 *   transaction by the pipeline's writer, which swaps its chunks in and marks it DONE.
 * - A PDF page range stages its chunks under the run's id; the last task of the run to finish
 *   publishes the whole run at once (roll-up), so searches see the old chunks or the new ones,
 *   never a mix.
 *
 * Either way the document is searchable by keyword when DONE; its vectors follow (embedding
 * service), so the encoder never holds indexing back.
 */
export async function processTask(pipeline: IngestionPipeline, job: TaskJob, ctx: JobContext): Promise<void> {
  const { deps } = pipeline;
  const renew = setInterval(
    () => void ctx.heartbeat().catch(() => {}),
    Math.max(250, deps.config.TASK_LEASE_MS / 3),
  );
  try {
    await pipeline.track(async () => {
      const found = await pipeline.contexts.load(job, ctx.attempt);
      // Gone (re-run, deleted) or cancelled: nothing to do, and nothing to retry.
      if (!found || found.document.run === "CANCEL" || found.document.run === "UNSTART") return;
      if (found.task.fromPage === 0) await processWholeDocument(pipeline, found, ctx);
      else await processPageRange(pipeline, found, ctx);
    });
  } finally {
    clearInterval(renew);
  }
}

/**
 * Reads, parses, chunks and tokenizes (in a parse slot: in the parse pool's threads, or in this
 * thread when `deps.parse` replaces the parser); the index inputs of the document's chunks.
 */
async function parseToInputs(
  pipeline: IngestionPipeline,
  { task, document: doc, kb }: TaskContext,
  ctx: JobContext,
  step: (progress: number, text: string) => Promise<void>,
): Promise<IndexChunkInput[]> {
  const { deps } = pipeline;
  const parserConfig = ZParserConfig.parse(doc.parserConfig);
  const pages: [number, number][] | undefined =
    task.fromPage > 0
      ? [[task.fromPage, task.toPage]]
      : parserConfig.pages
        ? parserConfig.pages.map(([from, to]) => [from, to] as [number, number])
        : undefined;
  const result = await pipeline.parse(ctx.signal, doc.size, async () => {
    try {
      const bytes = await readBlob(deps, doc.storageKey);
      if (!deps.parse) {
        return await pipeline.pool.parse(
          {
            bytes,
            doc: { id: doc.id, name: doc.name },
            language: kb.language,
            chunkMethod: doc.chunkMethod,
            parserConfig,
            ...(pages ? { pages } : {}),
            fromPage: task.fromPage,
          },
          ctx.signal,
        );
      }
      const parsed = await deps.parse(bytes, {
        filename: doc.name,
        signal: ctx.signal,
        ...(pages ? { pages } : {}),
      });
      const chunks = chunkDocument(parsed, doc.chunkMethod, parserConfig);
      const toInput = indexInputsFor(doc, kb.language);
      const seen = new Set<string>();
      const inputs: IndexChunkInput[] = [];
      chunks.forEach((chunk, index) => {
        const input = toInput({
          content: chunk.content,
          tokenCount: chunk.tokens,
          positions: chunk.positions,
          pageNumbers: chunk.pageNumbers,
          // Ordinals sort across the tasks of a run: pages first, then order within the range.
          ordinal: Math.max(0, task.fromPage) * 100_000 + index,
        });
        if (seen.has(input.id)) return;
        seen.add(input.id);
        inputs.push(input);
      });
      return { pages: parsed.pages.length, chunkCount: chunks.length, inputs };
    } catch (error) {
      if (isParseError(error) && PERMANENT_PARSE_ERRORS.has(error.code)) {
        throw new UnrecoverableError(error.message, { cause: error });
      }
      throw error;
    }
  });
  await step(0.4, `parsed ${result.pages} page${result.pages === 1 ? "" : "s"}`);
  await step(0.6, `cut into ${result.chunkCount} chunk${result.chunkCount === 1 ? "" : "s"}`);
  if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error("aborted");
  return result.inputs;
}

/**
 * Logs steps on the task; the task row and the document's bar are written (through the roll-up,
 * under its lock) at the first step — or, for a small document's first attempt, only once it has
 * taken longer than QUIET_START_MS — and then at most once a second.
 */
function stepper(deps: Deps, found: TaskContext, ctx: JobContext, options: { quietStart: boolean }) {
  const { task, document: doc } = found;
  const label = pageLabel(task.fromPage, task.toPage);
  const began = deps.now();
  const startedAt = Date.now();
  let log = task.progressMsg;
  let lastRollUp = 0;
  let progress = 0;
  let writing: Promise<void> = Promise.resolve();

  const write = async () => {
    await updateTask(deps.database, task.id, {
      progress,
      progressMsg: log,
      ...(lastRollUp === 0 ? { attempts: ctx.attempt, beginAt: began } : {}),
    });
    lastRollUp = Date.now();
    await rollUpDocument(deps, doc.id);
  };
  const flush = () => {
    writing = writing.then(write);
    return writing;
  };
  // A quiet start still shows RUNNING once the document turns out not to be quick.
  const timer = options.quietStart
    ? setTimeout(() => void flush().catch(() => {}), QUIET_START_MS)
    : undefined;

  return {
    label,
    began,
    get log() {
      return log;
    },
    append(text: string) {
      log = appendLog(log, logLine(deps.now(), `${label}: ${text}`));
    },
    async step(value: number, text: string) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error("aborted");
      progress = value;
      log = appendLog(log, logLine(deps.now(), `${label}: ${text}`));
      await ctx.heartbeat();
      const now = Date.now();
      const due =
        lastRollUp === 0
          ? !options.quietStart || now - startedAt >= QUIET_START_MS
          : now - lastRollUp >= 1000;
      if (due) await flush();
    },
    /** Stops the quiet-start timer and waits for a progress write under way (none may land after the end). */
    async settle() {
      clearTimeout(timer);
      await writing.catch(() => {});
    },
  };
}

async function processWholeDocument(pipeline: IngestionPipeline, found: TaskContext, ctx: JobContext) {
  const { deps } = pipeline;
  const { task, document: doc, kb } = found;
  // A retry writes its first line at once: the log must say which attempt failed, if it does.
  const steps = stepper(deps, found, ctx, { quietStart: ctx.attempt === 1 });
  let inputs: IndexChunkInput[];
  try {
    await steps.step(0.05, ctx.attempt > 1 ? `retrying (attempt ${ctx.attempt})` : "started");
    inputs = await parseToInputs(pipeline, found, ctx, (p, t) => steps.step(p, t));
  } finally {
    await steps.settle();
  }
  steps.append(`indexed ${inputs.length} chunks`);
  const written = await pipeline.writer.write({
    taskId: task.id,
    docId: doc.id,
    kbId: kb.id,
    chunks: inputs,
    log: steps.log ?? "",
    attempt: ctx.attempt,
    began: steps.began,
    processBeganAt: doc.processBeginAt ?? steps.began,
    signal: ctx.signal,
  });
  if (written) pipeline.embeddings.add(doc.id, kb.embeddingModel);
}

async function processPageRange(pipeline: IngestionPipeline, found: TaskContext, ctx: JobContext) {
  const { deps } = pipeline;
  const { task, document: doc, kb } = found;
  const steps = stepper(deps, found, ctx, { quietStart: false });
  let inputs: IndexChunkInput[];
  try {
    // QUEUED becomes RUNNING through the roll-up (under its lock), never by a blind write here.
    await steps.step(0.05, ctx.attempt > 1 ? `retrying (attempt ${ctx.attempt})` : "started");
    inputs = await parseToInputs(pipeline, found, ctx, (p, t) => steps.step(p, t));
  } finally {
    await steps.settle();
  }
  const runId = runIdOf(task);
  await appendDocumentChunks(deps.database, { kbId: kb.id, docId: doc.id, runId, chunks: inputs });
  // Cancelled while we were staging: remove what this run staged, so nothing of it stays behind.
  const now = await findDocumentRow(deps.database, doc.id);
  if (!now || now.run === "CANCEL") {
    await discardDocumentRun(deps.database, { docId: doc.id, runId });
    return;
  }
  steps.append(`indexed ${inputs.length} chunks`);
  await updateTask(deps.database, task.id, {
    progress: 1,
    progressMsg: steps.log,
    chunkIds: inputs.map((c) => c.id),
    durationMs: deps.now().getTime() - steps.began.getTime(),
  });
  await ctx.heartbeat();
  const rolled = await rollUpDocument(deps, doc.id);
  // Searchable by keyword now; the vectors follow in the background.
  if (rolled?.justFinished) pipeline.embeddings.add(doc.id, kb.embeddingModel);
}

/** A task that failed for good: recorded with its reason, which the roll-up turns into FAIL. */
export async function failTask(deps: Deps, job: TaskJob, error: Error): Promise<void> {
  const found = await findTaskContext(deps.database, job.taskId);
  if (!found) return;
  const label = pageLabel(found.task.fromPage, found.task.toPage);
  const line = logLine(deps.now(), `${label}: failed: ${error.message}`);
  await updateTask(deps.database, job.taskId, {
    progress: TASK_FAILED,
    progressMsg: appendLog(found.task.progressMsg, line),
  });
  await rollUpDocument(deps, found.document.id);
}
