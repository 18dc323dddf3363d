import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { findTaskContext, updateDocument, updateTask, findDocumentRow, insertTasks } from "@ragtime/db";
import { authenticate, createDeps, createKnowledgeBase, loadConfig, register, silentLogger, uploadDocuments } from "../src/index";
import { newId } from "../src/ids";
const deps = await createDeps(loadConfig({ DATA_DIR: await mkdtemp(path.join(tmpdir(), "h1-st-")), LOG_LEVEL: "silent" }), { logger: silentLogger });
const s = await register(deps, { email: "a@example.com", password: "password-123", ip: "1" });
const { actor } = (await authenticate(deps, { token: s.token }))!;
const kb = await createKnowledgeBase(deps, { actor, name: "x" });
const out = await uploadDocuments(deps, { actor, kbId: kb.id, files: (async function* () { for (let i = 0; i < 100; i++) yield { filename: `${i}.txt`, stream: Readable.from([`hello ${i}`]) }; })() });
const now = new Date();
const tasks = out.documents.map((d) => ({ id: newId(Date.now()), docId: d.id, fromPage: 0, toPage: 0, progress: 0, progressMsg: null, attempts: 0, createdAt: now, updatedAt: now }));
await insertTasks(deps.database, tasks);
for (const round of [1, 2, 3]) {
  let t = performance.now();
  for (const task of tasks) await findTaskContext(deps.database, task.id);
  const a = (performance.now() - t) / tasks.length; t = performance.now();
  await deps.database.transaction(async (tx) => { for (const task of tasks) await updateTask(tx, task.id, { progress: 0.05, progressMsg: "x".repeat(60), attempts: 1, beginAt: new Date() }); });
  const b = (performance.now() - t) / tasks.length; t = performance.now();
  await deps.database.transaction(async (tx) => { for (const d of out.documents) await updateDocument(tx, { kbId: kb.id, id: d.id }, { run: "RUNNING", progress: 0.05, progressMsg: "y".repeat(80) }); });
  const c = (performance.now() - t) / tasks.length; t = performance.now();
  for (const d of out.documents) await findDocumentRow(deps.database, d.id);
  const e = (performance.now() - t) / tasks.length;
  console.log({ ctx: a.toFixed(3), updTaskInTx: b.toFixed(3), updDocInTx: c.toFixed(3), findDoc: e.toFixed(3) });
}
await deps.close();
