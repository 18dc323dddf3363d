/**
 * pnpm bench:api — requests/s of an authenticated list procedure (apiKeys.list) over tRPC and
 * over REST, next to a bare Fastify route, in the same run and on the same machine.
 *
 * The servers run in a child process (one core), autocannon in this one (the other core), so the
 * load generator does not steal the server's event loop. Embedded defaults: PGlite in memory.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createDeps, silentLogger, testConfig } from "@ragtime/core";
import { buildServer } from "@ragtime/server";
import autocannon from "autocannon";
import Fastify from "fastify";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

type Ready = { ragtime: string; bare: string; token: string };

async function serve(): Promise<void> {
  const deps = await createDeps(
    testConfig({ DATABASE_URL: process.env.BENCH_DATABASE_URL ?? "pglite://memory" }),
    {
      logger: silentLogger,
    },
  );
  const app = await buildServer(deps);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const bare = Fastify();
  bare.get("/bare", async () => [
    { id: "0190a0b0c0d0e0f00112233445566778", name: "bare", prefix: "rt-abcdefgh" },
  ]);
  await bare.listen({ host: "127.0.0.1", port: 0 });
  const ragtime = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const register = await fetch(`${ragtime}/api/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "bench@example.com", password: "bench-password" }),
  });
  const { token } = (await register.json()) as { token: string };
  // Three keys so the list has something to serialise.
  for (const name of ["a", "b", "c"]) {
    await fetch(`${ragtime}/api/v1/api-keys`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ name }),
    });
  }
  const ready: Ready = {
    ragtime,
    bare: `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`,
    token,
  };
  process.send?.(ready);
}

async function measure(title: string, url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const line = {
    route: title,
    "req/s": Math.round(result.requests.average),
    "p50 ms": result.latency.p50,
    "p99 ms": result.latency.p99,
  };
  console.log(
    `  ${title.padEnd(34)} ${String(line["req/s"]).padStart(7)} req/s   p50 ${line["p50 ms"]} ms   p99 ${line["p99 ms"]} ms`,
  );
  return line;
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], { execArgv: ["--import", "tsx"] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once("message", (m) => resolve(m as Ready));
    child.once("exit", (code) => reject(new Error(`server process exited (${code})`)));
  });
  console.log(`bench:api — ${CONNECTIONS} connections, ${DURATION_S} s per route, Node ${process.version}`);
  try {
    const auth = { authorization: `Bearer ${ready.token}` };
    const bare = await measure("bare Fastify GET /bare", `${ready.bare}/bare`);
    const trpc = await measure("tRPC GET /trpc/apiKeys.list", `${ready.ragtime}/trpc/apiKeys.list`, auth);
    const rest = await measure("REST GET /api/v1/api-keys", `${ready.ragtime}/api/v1/api-keys`, auth);
    console.log(
      `  ratio tRPC/bare ${(trpc["req/s"] / bare["req/s"]).toFixed(2)}   REST/bare ${(rest["req/s"] / bare["req/s"]).toFixed(2)}   REST/tRPC ${(rest["req/s"] / trpc["req/s"]).toFixed(2)}`,
    );
  } finally {
    child.kill("SIGTERM");
  }
}

if (process.argv.includes("--serve")) {
  await serve();
} else {
  await main();
}
