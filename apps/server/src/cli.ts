import { parseArgs } from "node:util";
import { createAdmin, createDeps, loadConfig, type RuntimeDeps, startIngestionWorkers } from "@ragtime/core";
import { ZCreateAdminInput } from "@ragtime/core/schemas";
import { createLogger } from "./logger";

const USAGE = `Usage: ragtime <command>

Commands:
  serve          start the HTTP server (web app, tRPC, REST, Swagger UI) on $HOST:$PORT
  worker         run ingestion workers only (parsing, chunking, indexing; with REDIS_URL)
  migrate        apply database migrations and exit
  create-admin   create (or promote) a superuser: --email you@example.com --password …

Configuration comes from the environment (see README: DATABASE_URL, REDIS_URL, PORT, …).`;

const SHUTDOWN_GRACE_MS = 10_000;

async function serve(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // The HTTP layer loads while the database opens (the embedded one takes seconds on first start).
  const [deps, { buildServer, DEFAULT_WEB_DIST }] = await Promise.all([
    createDeps(config, { logger }),
    import("./app"),
  ]);
  const app = await buildServer(deps, {
    webDist: config.WEB_DIST ?? DEFAULT_WEB_DIST,
    loggerInstance: logger,
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  // The embedded default parses in this process; a fleet runs `ragtime worker`s instead.
  const workers = config.SERVE_RUNS_WORKERS ? await startIngestionWorkers(deps) : undefined;
  logger.info(
    {
      database: deps.connection.label,
      redis: deps.redis ? "on" : "off",
      ms: Math.round(performance.now() - started),
    },
    `Ragtime is up on http://${config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST}:${config.PORT}`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new requests, finishing in-flight ones");
    const force = setTimeout(() => {
      logger.error("graceful shutdown timed out; exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    await app.close();
    await workers?.close(SHUTDOWN_GRACE_MS / 2);
    await deps.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

/** `ragtime worker`: ingestion only (needs REDIS_URL to share work with a server). */
async function work(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  if (!config.REDIS_URL) logger.warn("REDIS_URL is not set: this worker only sees its own in-process queue");
  const deps = await createDeps(config, { logger });
  const workers = await startIngestionWorkers(deps);
  logger.info({ concurrency: config.WORKER_CONCURRENCY, queue: deps.queue.kind }, "Ragtime worker is up");
  const stop = async (signal: string) => {
    logger.info({ signal }, "worker shutting down: finishing running tasks");
    await workers.close(SHUTDOWN_GRACE_MS);
    await deps.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

async function withDeps<T>(fn: (deps: RuntimeDeps) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const deps = await createDeps(config, { logger: createLogger(config.LOG_LEVEL) });
  try {
    return await fn(deps);
  } finally {
    await deps.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve":
      await serve();
      return -1;
    case "worker":
      await work();
      return -1;
    case "migrate":
      await withDeps(async (deps) => console.log(`migrations applied to ${deps.connection.label}`));
      return 0;
    case "create-admin": {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: "string" }, password: { type: "string" }, nickname: { type: "string" } },
      });
      const parsed = ZCreateAdminInput.safeParse({
        email: values.email,
        password: values.password,
        nickname: values.nickname,
      });
      if (!parsed.success) {
        console.error(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
        console.error(USAGE);
        return 2;
      }
      const result = await withDeps((deps) => createAdmin(deps, parsed.data));
      console.log(
        `${result.created ? "created" : "promoted"} superuser ${result.user.email} (${result.user.id})`,
      );
      return 0;
    }
    default:
      console.log(USAGE);
      return command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
