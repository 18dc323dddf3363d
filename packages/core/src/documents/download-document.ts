import type { Readable } from "node:stream";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import { BlobNotFoundError } from "../ports/blob-storage";
import { loadVisibleDocument } from "./get-document";

const MIME_BY_SUFFIX: Record<string, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  csv: "text/csv",
  html: "text/html",
  htm: "text/html",
  md: "text/markdown",
  txt: "text/plain",
  json: "application/json",
  eml: "message/rfc822",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
};

/** The original file as uploaded, streamed from storage. */
export async function downloadDocument(
  deps: Deps,
  input: { actor: Actor; id: string },
): Promise<{ name: string; size: number; contentType: string; body: Readable }> {
  const { document } = await loadVisibleDocument(deps, input.actor, input.id);
  try {
    const body = await deps.storage.get(document.storageKey);
    const contentType = MIME_BY_SUFFIX[document.suffix] ?? "application/octet-stream";
    return { name: document.name, size: document.size, contentType, body };
  } catch (error) {
    if (error instanceof BlobNotFoundError) throw notFound("entity.document");
    throw error;
  }
}
