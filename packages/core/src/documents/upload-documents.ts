import type { Readable } from "node:stream";
import { Transform } from "node:stream";
import {
  bumpKnowledgeBaseCounters,
  findDocumentNames,
  insertDocuments,
  isUniqueViolation,
} from "@ragtime/db";
import type { DocumentRow, DocumentType, JsonObject } from "@ragtime/db/schema";
import { guardZip, isParseError, type SniffResult, sniff } from "@ragtime/rag";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { AppError, badRequest, conflict } from "../errors";
import { newId } from "../ids";
import { loadVisibleKnowledgeBase } from "../knowledge-bases/get-knowledge-base";
import { BlobTooLargeError } from "../ports/blob-storage";
import type { UploadDocumentsOutput } from "../schemas/index";
import { acceptableName, splitName, uniqueName } from "./file-names";
import { readBlob } from "./read-blob";
import { toDocument } from "./to-document";

export type UploadFile = { filename: string; stream: Readable };

const HEAD_BYTES = 64 * 1024;
const MIB = 1024 * 1024;

/** rag's fine-grained formats, folded into the document types of SPEC §2. */
const DOCUMENT_TYPE: Record<SniffResult["type"], DocumentType> = {
  pdf: "pdf",
  docx: "doc",
  xlsx: "sheet",
  csv: "sheet",
  pptx: "slides",
  html: "html",
  markdown: "text",
  text: "text",
  code: "text",
  json: "text",
  eml: "text",
  image: "image",
};

/** Keeps the first bytes of a stream it passes through (for content sniffing). */
function headCapture(limit: number): Transform & { head(): Uint8Array } {
  const parts: Buffer[] = [];
  let kept = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (kept < limit) {
        const part = chunk.subarray(0, limit - kept);
        parts.push(part);
        kept += part.length;
      }
      done(null, chunk);
    },
  });
  return Object.assign(t, { head: () => new Uint8Array(Buffer.concat(parts)) });
}

type Stored = { id: string; key: string; name: string; size: number; sha256: string; sniffed: SniffResult };

/**
 * Stores one uploaded file and decides its type by content AND extension. The bytes stream to
 * storage; only the first 64 KiB are kept for sniffing — except Office files (zip), whose
 * directory sits at the end: those are read back once (bounded by the upload limit) so a zip
 * bomb or a disguised archive is refused here, before anything is recorded.
 */
async function storeOne(
  deps: Deps,
  actor: Actor,
  kbId: string,
  file: UploadFile,
  stored: Stored[],
): Promise<void> {
  const name = acceptableName(file.filename);
  if (!name) {
    file.stream.resume();
    throw badRequest("error.badFilename", { name: file.filename.slice(0, 300) }, "file");
  }
  const id = newId(deps.now().getTime());
  const key = `${actor.tenantId}/${kbId}/${id}`;
  const capture = headCapture(HEAD_BYTES);
  const maxBytes = deps.config.UPLOAD_MAX_BYTES;
  let put: { size: number; sha256: string };
  try {
    put = await deps.storage.put(key, file.stream.pipe(capture), { maxBytes });
  } catch (error) {
    if (error instanceof BlobTooLargeError) {
      throw new AppError("TOO_LARGE", {
        key: "error.fileTooLarge",
        params: { name, max: Math.round(maxBytes / MIB) },
        cause: error,
      });
    }
    throw error;
  }
  // From here the blob exists: record it so a later failure removes it.
  const entry: Stored = { id, key, name, ...put, sniffed: { type: "text", ext: "", mime: "" } };
  stored.push(entry);
  if (put.size === 0) throw badRequest("error.emptyFile", { name }, "file");
  try {
    let bytes = capture.head();
    const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
    // An OLE2 file (legacy .doc/.xls/.ppt) names its streams in a directory that may sit anywhere:
    // read it whole (bounded by the upload limit) so the refusal can say which format it is.
    const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
    if (isZip || isOle) bytes = await readBlob(deps, key, maxBytes);
    entry.sniffed = sniff(bytes, name);
    if (isZip && ["docx", "xlsx", "pptx"].includes(entry.sniffed.type)) guardZip(bytes, name);
  } catch (error) {
    if (isParseError(error) && error.details.saveAs && error.details.format) {
      throw new AppError("UNSUPPORTED_MEDIA", {
        key: "error.saveAsOtherFormat",
        params: { name, format: error.details.format, saveAs: error.details.saveAs },
        field: "file",
        cause: error,
      });
    }
    if (isParseError(error)) {
      const status =
        error.code === "EMPTY_FILE" || error.code === "CORRUPT" ? "BAD_REQUEST" : "UNSUPPORTED_MEDIA";
      throw new AppError(status, {
        key: "error.fileRejected",
        params: { name, reason: error.message },
        field: "file",
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Uploads files into a knowledge base (any member who can see it). All or nothing: when one file
 * is refused, the blobs already stored by this request are deleted and no document is recorded.
 * Names that already exist become `name(1).ext`. Returns the new documents (state UNSTART).
 */
export async function uploadDocuments(
  deps: Deps,
  input: { actor: Actor; kbId: string; files: AsyncIterable<UploadFile> },
): Promise<UploadDocumentsOutput> {
  const { actor } = input;
  const kb = await loadVisibleKnowledgeBase(deps, actor, input.kbId);
  const stored: Stored[] = [];
  try {
    for await (const file of input.files) {
      if (stored.length >= deps.config.UPLOAD_MAX_FILES) {
        file.stream.resume();
        throw badRequest("error.tooManyFiles", { max: deps.config.UPLOAD_MAX_FILES }, "file");
      }
      await storeOne(deps, actor, kb.id, file, stored);
    }
    if (stored.length === 0) throw badRequest("error.noFiles", undefined, "file");

    const now = deps.now();
    const rows: DocumentRow[] = await deps.database.transaction(async (tx) => {
      const taken = await findDocumentNames(
        tx,
        kb.id,
        stored.map((s) => s.name),
      );
      const batch = stored.map((s): DocumentRow => {
        const name = uniqueName(s.name, taken);
        return {
          id: s.id,
          kbId: kb.id,
          name,
          suffix: splitName(name).suffix,
          type: DOCUMENT_TYPE[s.sniffed.type],
          size: s.size,
          storageKey: s.key,
          contentHash: s.sha256,
          chunkMethod: kb.chunkMethod,
          parserConfig: kb.parserConfig,
          run: "UNSTART",
          progress: 0,
          progressMsg: null,
          processBeginAt: null,
          processDurationMs: 0,
          chunkCount: 0,
          tokenCount: 0,
          enabled: true,
          metadata: {} as JsonObject,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        };
      });
      await insertDocuments(tx, batch);
      await bumpKnowledgeBaseCounters(tx, kb.id, { docCount: batch.length });
      return batch;
    });
    return { documents: rows.map(toDocument) };
  } catch (error) {
    await Promise.allSettled(stored.map((s) => deps.storage.delete(s.key)));
    // Two uploads raced for the same new name: the later one is told, and can simply retry.
    if (isUniqueViolation(error)) throw conflict("error.documentNameTaken");
    throw error;
  }
}
