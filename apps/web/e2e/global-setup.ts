import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const builtIndex = path.join(webRoot, "dist", "index.html");

/** What the bundle is made of: the app, its static files, its config, and the core schemas it imports. */
const SOURCES = [
  "src",
  "public",
  "index.html",
  "vite.config.ts",
  "package.json",
  "../../packages/core/src/schemas",
  "../../packages/core/src/i18n",
].map((p) => path.join(webRoot, p));

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(builtIndex)) return true;
  const built = statSync(builtIndex).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > built);
}

/** The e2e tests drive the built app as the server serves it: build it when missing or older than its sources. */
export async function setup(): Promise<void> {
  if (!isStale()) return;
  const vitePackage = createRequire(import.meta.url).resolve("vite/package.json");
  const vite = path.join(path.dirname(vitePackage), "bin", "vite.js");
  await promisify(execFile)(process.execPath, [vite, "build", "--logLevel", "error"], {
    cwd: webRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
}
