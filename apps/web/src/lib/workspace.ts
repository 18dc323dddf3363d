/**
 * The workspace (tenant) the browser acts in. Unset means the user's own workspace, which the
 * server picks by itself; a workspace the user joined is chosen from the user menu and remembered
 * on this browser. Every API call carries it (header, or connection parameter for SSE).
 */
const STORAGE_KEY = "ragtime.workspace";

let current: string | undefined = read();

function read(): string | undefined {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function currentWorkspaceId(): string | undefined {
  return current;
}

/** `undefined` goes back to the user's own workspace. */
export function setCurrentWorkspaceId(id: string | undefined): void {
  current = id;
  try {
    if (id) window.localStorage.setItem(STORAGE_KEY, id);
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
