/** The JSON REST calls the HTTP-level test suites make against a server they started. */

// biome-ignore lint/suspicious/noExplicitAny: test-only view of JSON bodies
export type Json = any;

/**
 * `api(method, path, body?)` → `{ status, body }` on `${base()}/api/v1`. `base` and `auth` are read
 * at each call: suites assign them in `beforeAll`.
 */
export function restApi(base: () => string, auth: () => Record<string, string>) {
  return async (method: string, path: string, body?: unknown) => {
    const headers = auth();
    const res = await fetch(`${base()}/api/v1${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
}

/** Polls the documents until each is DONE or FAIL; their last state, or an error naming the laggards. */
export async function waitUntilSettled(
  api: ReturnType<typeof restApi>,
  ids: readonly string[],
  timeoutMs: number,
): Promise<Json[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const docs = await Promise.all(ids.map(async (id) => (await api("GET", `/documents/${id}`)).body));
    if (docs.every((d: Json) => d.run === "DONE" || d.run === "FAIL")) return docs;
    if (Date.now() > deadline)
      throw new Error(`not settled: ${JSON.stringify(docs.map((d: Json) => [d.name, d.run, d.progress]))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
