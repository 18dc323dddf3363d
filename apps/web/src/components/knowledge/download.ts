import type { TFunction } from "i18next";
import { WORKSPACE_HEADER } from "../../lib/trpc";
import { currentWorkspaceId } from "../../lib/workspace";

export function downloadUrl(documentId: string): string {
  return `/api/v1/documents/${encodeURIComponent(documentId)}/download`;
}

/**
 * Downloads a document of another workspace than the user's own. A plain link cannot carry the
 * workspace header the server needs, so the file is fetched (whole, in memory) and handed to the
 * browser as a blob; in the user's own workspace a plain link streams it instead (see callers).
 */
export async function downloadWithWorkspace(
  doc: { id: string; name: string },
  options: { language: string; t: TFunction },
): Promise<void> {
  const workspace = currentWorkspaceId();
  let response: Response;
  try {
    response = await fetch(downloadUrl(doc.id), {
      credentials: "same-origin",
      headers: {
        "accept-language": options.language,
        ...(workspace ? { [WORKSPACE_HEADER]: workspace } : {}),
      },
    });
  } catch {
    throw new Error(options.t("errors.network"));
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
    throw new Error(typeof body?.message === "string" ? body.message : options.t("errors.unexpected"));
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = doc.name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
