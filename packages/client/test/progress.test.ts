import { startTestServer, type TestServer, testBackends } from "@ragtime/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, uploadDocuments } from "../src/index";

describe("live ingestion progress over the typed client (SSE subscription)", () => {
  let server: TestServer;
  let url: string;
  beforeAll(async () => {
    const [pglite] = testBackends();
    if (!pglite) throw new Error("no PGlite backend");
    server = await startTestServer(await pglite.open(), { workers: true });
    url = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("pushes QUEUED → DONE for an uploaded document, without polling (RUNNING too when parsing takes over a second)", async () => {
    const anonymous = createClient({ url });
    const { token } = await anonymous.auth.register.mutate({
      email: "watcher@example.com",
      password: "watch-password",
    });
    const client = createClient({ url, sessionToken: token });
    const kb = await client.knowledgeBases.create.mutate({ name: "Live" });

    const events: { run: string; progress: number }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const sub = client.documents.progress.subscribe(
        { kbId: kb.id },
        {
          onData: (event) => {
            events.push({ run: event.run, progress: event.progress });
            if (event.run === "DONE") {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    // Give the SSE connection a moment to open before anything happens.
    await new Promise((r) => setTimeout(r, 300));
    const [doc] = await uploadDocuments({ url, sessionToken: token }, kb.id, [
      { name: "faq.md", data: "# FAQ\n\n## Shipping\n\nOrders ship within two days." },
    ]);
    if (!doc) throw new Error("no document uploaded");
    await client.documents.run.mutate({ ids: [doc.id] });
    await done;

    const runs = events.map((e) => e.run);
    expect(runs[0]).toBe("QUEUED");
    // A small document skips its RUNNING event (ingestion/pipeline.ts): only real states in between.
    expect(runs.slice(1, -1).every((run) => run === "RUNNING")).toBe(true);
    expect(runs.at(-1)).toBe("DONE");
    const progress = events.map((e) => e.progress);
    expect(progress.at(-1)).toBe(1);
    // Progress never goes backwards within one run.
    expect(progress.every((p, i) => i === 0 || p >= (progress[i - 1] ?? 0))).toBe(true);
  });

  it("refuses to stream another workspace's knowledge base", async () => {
    const a = createClient({ url });
    const { token } = await a.auth.register.mutate({ email: "nosy@example.com", password: "nosy-password" });
    // The raw SSE answer: the stream carries the error and no data.
    const input = encodeURIComponent(JSON.stringify({ kbId: "0".repeat(32) }));
    const controller = new AbortController();
    const res = await fetch(`${url}/trpc/documents.progress?input=${input}`, {
      headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
      signal: controller.signal,
    });
    const reader = res.body?.getReader();
    let text = "";
    const deadline = Date.now() + 10_000;
    while (reader && !/error/i.test(text) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toMatch(/not found/i);
    expect(text).not.toMatch(/"run"/);
  });
});
