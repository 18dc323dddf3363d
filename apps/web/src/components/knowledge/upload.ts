import type { RouterOutputs } from "@ragtime/server/router";
import type { TFunction } from "i18next";
import { WORKSPACE_HEADER } from "../../lib/trpc";
import { currentWorkspaceId } from "../../lib/workspace";

type UploadedDocument = RouterOutputs["documents"]["get"];

export class UploadError extends Error {}

/**
 * Uploads one file to the REST multipart route with XMLHttpRequest, the only browser API that
 * reports upload progress. Same origin: the session cookie goes with it. The server's error
 * message (already in the user's language) becomes the error's message.
 */
export function uploadFile(
  kbId: string,
  file: File,
  options: { language: string; t: TFunction; onProgress: (fraction: number) => void; signal?: AbortSignal },
): Promise<UploadedDocument[]> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/knowledge-bases/${encodeURIComponent(kbId)}/documents`);
    xhr.withCredentials = true;
    xhr.responseType = "json";
    xhr.setRequestHeader("accept-language", options.language);
    // The workspace the user acts in (the user menu's choice), as every API call carries it.
    const workspace = currentWorkspaceId();
    if (workspace) xhr.setRequestHeader(WORKSPACE_HEADER, workspace);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response as { documents?: UploadedDocument[]; message?: unknown } | null;
      if (xhr.status >= 200 && xhr.status < 300 && body?.documents) {
        options.onProgress(1);
        resolve(body.documents);
        return;
      }
      const message =
        typeof body?.message === "string" && body.message.trim() !== ""
          ? body.message
          : options.t("errors.unexpected");
      reject(new UploadError(message));
    };
    xhr.onerror = () => reject(new UploadError(options.t("knowledge.upload.network")));
    xhr.onabort = () => reject(new UploadError(options.t("knowledge.upload.network")));
    options.signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}
