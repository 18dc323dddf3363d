import {
  appendDocumentChunks,
  discardDocumentRun,
  findDocumentRow,
  findTaskContext,
  type IndexChunkInput,
  TASK_FAILED,
  updateTask,
} from "@ragtime/db";
import { chunkDocument, isParseError, parseDocument } from "@ragtime/rag";
import type { Deps } from "../deps";
import { readBlob } from "../documents/read-blob";
import { type JobContext, type TaskJob, UnrecoverableError } from "../ports/task-queue";
import { ZParserConfig } from "../schemas/index";
import { embedFinishedDocument } from "./embed-document";
import { indexInputsFor } from "./index-input";
import { appendLog, logLine, pageLabel } from "./progress-log";
import { rollUpDocument } from "./roll-up";
import { runIdOf } from "./run-id";

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
 * One ingestion task: a page range of a document → parse → chunk → tokenize → stage in the chunk
 * index. Idempotent (at-least-once delivery): staged chunks are keyed by run and chunk id. The
 * last task of a run to finish publishes the whole run at once (roll-up), so searches see the old
 * chunks or the new ones, never a mix. Checks its signal and renews its lease between steps.
 */
export async function processTask(deps: Deps, job: TaskJob, ctx: JobContext): Promise<void> {
  const found = await findTaskContext(deps.database, job.taskId);
  // Gone (re-run, deleted) or cancelled: nothing to do, and nothing to retry.
  if (!found || found.document.run === "CANCEL" || found.document.run === "UNSTART") return;
  const { task, document: doc, kb } = found;
  const label = pageLabel(task.fromPage, task.toPage);
  const began = deps.now();
  let log = task.progressMsg;
  // Intermediate steps are logged on the task; the document's bar moves when the roll-up runs:
  // at the first step (QUEUED → RUNNING), at the end of every task, and at most once a second in
  // between, so a thousand small documents do not pay for a thousand progress broadcasts each.
  let lastRollUp = 0;
  const step = async (progress: number, text: string) => {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error("aborted");
    log = appendLog(log, logLine(deps.now(), `${label}: ${text}`));
    await ctx.heartbeat();
    const now = Date.now();
    if (lastRollUp === 0 || now - lastRollUp >= 1000) {
      // The task row is written only when the roll-up will read it: fewer round trips per document.
      await updateTask(deps.database, task.id, {
        progress,
        progressMsg: log,
        ...(lastRollUp === 0 ? { attempts: ctx.attempt, beginAt: began } : {}),
      });
      lastRollUp = now;
      await rollUpDocument(deps, doc.id);
    }
  };

  // QUEUED becomes RUNNING through the roll-up (under its lock), never by a blind write here.
  await step(0.05, ctx.attempt > 1 ? `retrying (attempt ${ctx.attempt})` : "started");

  const parserConfig = ZParserConfig.parse(doc.parserConfig);
  let chunks: ReturnType<typeof chunkDocument>;
  // Parsing a long range can outlast the lease: renew it meanwhile. (A parser that hangs is
  // stopped by its own time budget, so this cannot keep a dead task alive forever.)
  const renew = setInterval(
    () => void ctx.heartbeat().catch(() => {}),
    Math.max(250, deps.config.TASK_LEASE_MS / 3),
  );
  try {
    const bytes = await readBlob(deps, doc.storageKey);
    const parsed = await (deps.parse ?? parseDocument)(bytes, {
      filename: doc.name,
      signal: ctx.signal,
      ...(task.fromPage > 0
        ? { pages: [[task.fromPage, task.toPage]] }
        : parserConfig.pages
          ? { pages: parserConfig.pages }
          : {}),
    });
    await step(0.4, `parsed ${parsed.pages.length} page${parsed.pages.length === 1 ? "" : "s"}`);
    chunks = chunkDocument(parsed, doc.chunkMethod, parserConfig);
  } catch (error) {
    if (isParseError(error) && PERMANENT_PARSE_ERRORS.has(error.code)) {
      throw new UnrecoverableError(error.message, { cause: error });
    }
    throw error;
  } finally {
    clearInterval(renew);
  }
  await step(0.6, `cut into ${chunks.length} chunk${chunks.length === 1 ? "" : "s"}`);

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
  if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error("aborted");
  const runId = runIdOf(task);
  await appendDocumentChunks(deps.database, { kbId: kb.id, docId: doc.id, runId, chunks: inputs });
  // Cancelled while we were staging: remove what this run staged, so nothing of it stays behind.
  const now = await findDocumentRow(deps.database, doc.id);
  if (!now || now.run === "CANCEL") {
    await discardDocumentRun(deps.database, { docId: doc.id, runId });
    return;
  }

  log = appendLog(log, logLine(deps.now(), `${label}: indexed ${inputs.length} chunks`));
  await updateTask(deps.database, task.id, {
    progress: 1,
    progressMsg: log,
    chunkIds: inputs.map((c) => c.id),
    durationMs: deps.now().getTime() - began.getTime(),
  });
  await ctx.heartbeat();
  const rolled = await rollUpDocument(deps, doc.id);
  // The task that completed the document also embeds it, now that it is searchable by keyword.
  if (rolled?.justFinished) await embedFinishedDocument(deps, doc.id, kb.embeddingModel, ctx);
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
