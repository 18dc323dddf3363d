/**
 * pnpm bench:ingest — ingestion on the embedded defaults (PGlite on disk, local files, in-process
 * queue and workers): the SciFact corpus (5 183 abstracts, one document each) and the five SEC
 * 10-Q PDFs. Prints documents/s, pages/s, chunks/s, time until everything is searchable by
 * keyword, and peak RSS. Not a test: it never gates CI.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import {
  createDeps,
  createKnowledgeBase,
  type getDocument,
  getKnowledgeBase,
  loadConfig,
  register,
  runDocuments,
  silentLogger,
  startIngestionWorkers,
  uploadDocuments,
} from "@ragtime/core";
import { listDocumentTasks } from "@ragtime/db";
import { count, eq, isNull } from "drizzle-orm";

const SHARED = fileURLToPath(new URL("../../shared/data/", import.meta.url));
const LIMIT = Number(process.env.BENCH_SCIFACT_LIMIT ?? 5183);
/** Which parts to run (comma-separated): `scifact`, `pdf`, `vectors` (waiting for every vector). Default: all. */
const PARTS = new Set((process.env.BENCH_PARTS ?? "scifact,pdf,vectors").split(",").map((p) => p.trim()));

let peakRss = 0;
let atPeak: NodeJS.MemoryUsage | undefined;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  if (usage.rss > peakRss) {
    peakRss = usage.rss;
    atPeak = usage;
  }
}, 100);
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const line = (text: string) => process.stdout.write(`${text}\n`);

/**
 * Waits until every document of the knowledge base is DONE or FAIL. One grouped count per poll
 * (a read per document per poll would itself load the single PGlite connection the workers use).
 */
async function waitAll(deps: Parameters<typeof getDocument>[0], kbId: string, total: number, label: string) {
  const started = performance.now();
  let lastPrint = 0;
  const d = deps.database.t.documents;
  for (;;) {
    const rows = await deps.database.db
      .select({ run: d.run, n: count() })
      .from(d)
      .where(eq(d.kbId, kbId))
      .groupBy(d.run);
    const of = (run: string) => Number(rows.find((r) => r.run === run)?.n ?? 0);
    const done = of("DONE");
    const failed = of("FAIL");
    const now = performance.now();
    if (now - lastPrint > 2000 || done + failed === total) {
      line(
        `  ${label}: ${done}/${total} done${failed ? `, ${failed} failed` : ""} (${((now - started) / 1000).toFixed(1)} s)`,
      );
      lastPrint = now;
    }
    if (done + failed === total) return { done, failed };
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "ragtime-bench-"));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", AUTH_RATE_LIMIT_PER_IP: "1000" });
  const deps = await createDeps(config, { logger: silentLogger });
  const workers = await startIngestionWorkers(deps);
  line(
    `bench:ingest — embedded defaults (PGlite at ${dataDir}), ${config.WORKER_CONCURRENCY} workers, Node ${process.version}`,
  );
  try {
    const session = await register(deps, {
      email: "bench@example.com",
      password: "bench-password",
      ip: "127.0.0.1",
    });
    const { authenticate } = await import("@ragtime/core");
    const auth = await authenticate(deps, { token: session.token });
    if (!auth) throw new Error("no session");
    const { actor } = auth;

    const cpuSeconds = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return ((used.user + used.system) / 1e6).toFixed(1);
    };
    let vectorsFrom = performance.now();

    // ---- SciFact: one small text document per abstract ----
    if (PARTS.has("scifact")) {
      const corpus = (await readFile(path.join(SHARED, "scifact/corpus.jsonl"), "utf8"))
        .split("\n")
        .filter(Boolean)
        .slice(0, LIMIT)
        .map((l) => JSON.parse(l) as { _id?: string; id?: string; title: string; text: string });
      const kb = await createKnowledgeBase(deps, { actor, name: "SciFact" });
      let t0 = performance.now();
      const ids: string[] = [];
      for (let i = 0; i < corpus.length; i += 100) {
        const batch = corpus.slice(i, i + 100);
        const files = (async function* () {
          for (const doc of batch) {
            yield {
              filename: `${doc._id ?? doc.id}.txt`,
              stream: Readable.from([`${doc.title}\n\n${doc.text}`]),
            };
          }
        })();
        const out = await uploadDocuments(deps, { actor, kbId: kb.id, files });
        ids.push(...out.documents.map((d) => d.id));
        if (ids.length % 1000 === 0 || ids.length === corpus.length)
          line(`  uploaded ${ids.length}/${corpus.length}`);
      }
      const uploadS = (performance.now() - t0) / 1000;
      t0 = performance.now();
      vectorsFrom = t0;
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < ids.length; i += 100)
        await runDocuments(deps, { actor, ids: ids.slice(i, i + 100) });
      const queuedS = (performance.now() - t0) / 1000;
      const result = await waitAll(deps, kb.id, ids.length, "SciFact");
      const searchableS = (performance.now() - t0) / 1000;
      const scifactKb = await getKnowledgeBase(deps, { actor, id: kb.id });
      line(
        `SciFact: ${corpus.length} docs uploaded in ${uploadS.toFixed(1)} s; queued in ${queuedS.toFixed(1)} s; ` +
          `searchable by keyword ${searchableS.toFixed(1)} s after run ` +
          `(${(result.done / searchableS).toFixed(0)} docs/s, ${(scifactKb.chunkCount / searchableS).toFixed(0)} chunks/s, ` +
          `${scifactKb.chunkCount} chunks; ${cpuSeconds(cpu0)} s of CPU, all threads); peak RSS so far ${mib(peakRss)}`,
      );
    }

    // ---- SEC 10-Q PDFs ----
    if (PARTS.has("pdf")) {
      const pdfKb = await createKnowledgeBase(deps, { actor, name: "10-Q" });
      const names = ["AAPL", "AMZN", "INTC", "MSFT", "NVDA"].map((t) => `2022-Q3-${t}.pdf`);
      const pdfFiles = (async function* () {
        for (const name of names)
          yield {
            filename: name,
            stream: Readable.from([await readFile(path.join(SHARED, "sec-10q", name))]),
          };
      })();
      const pdfs = await uploadDocuments(deps, { actor, kbId: pdfKb.id, files: pdfFiles });
      const t0 = performance.now();
      if (!PARTS.has("scifact")) vectorsFrom = t0;
      const cpu0 = process.cpuUsage();
      const pdfIds = pdfs.documents.map((d) => d.id);
      await runDocuments(deps, { actor, ids: pdfIds });
      await waitAll(deps, pdfKb.id, pdfIds.length, "10-Q");
      const pdfS = (performance.now() - t0) / 1000;
      let pages = 0;
      for (const id of pdfIds)
        for (const task of await listDocumentTasks(deps.database, id))
          pages += task.toPage - task.fromPage + 1;
      const pdfKbNow = await getKnowledgeBase(deps, { actor, id: pdfKb.id });
      line(
        `10-Q: ${pdfIds.length} PDFs, ${pages} pages searchable in ${pdfS.toFixed(1)} s (${(pages / pdfS).toFixed(1)} pages/s, ` +
          `${pdfKbNow.chunkCount} chunks; ${cpuSeconds(cpu0)} s of CPU, all threads)`,
      );
    }

    // Vectors follow keyword indexing (built-in encoder in worker threads): wait for the last one.
    if (PARTS.has("vectors")) {
      const missing = async () => {
        const c = deps.database.t.chunks;
        const [row] = await deps.database.db.select({ n: count() }).from(c).where(isNull(c.vectorDim));
        return Number(row?.n ?? 0);
      };
      for (;;) {
        const left = await missing();
        line(
          `  vectors: ${left} chunks still without a vector (${((performance.now() - vectorsFrom) / 1000).toFixed(1)} s since the first run)`,
        );
        if (left === 0) break;
        await new Promise((r) => setTimeout(r, 5000));
      }
      line(
        `vectors: every chunk embedded ${((performance.now() - vectorsFrom) / 1000).toFixed(1)} s after the first run started`,
      );
    }
    line(
      `peak RSS: ${mib(peakRss)} (the whole process; at that moment the main thread's V8 heap held ` +
        `${mib(atPeak?.heapTotal ?? 0)} and its external memory, PGlite's WASM included, ${mib(atPeak?.external ?? 0)}; ` +
        `the rest is code and the worker threads' heaps and WASM)`,
    );
  } finally {
    clearInterval(sampler);
    await workers.close(1000);
    await deps.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
