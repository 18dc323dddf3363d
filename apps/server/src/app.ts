import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyCors from "@fastify/cors";
import fastifyHelmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import { AppError, type Deps, getHealth, languageFromHeader, translate } from "@ragtime/core";
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { fastifyTRPCOpenApiPlugin } from "trpc-to-openapi";
import { createContextFactory } from "./context";
import { REDACT_PATHS } from "./logger";
import { buildOpenApiDocument, REST_PREFIX } from "./openapi";
import { registerChatCompletionRoutes } from "./rest/chat-completions";
import { registerDocumentFileRoutes } from "./rest/document-files";
import { sendError } from "./rest/errors";
import { registerOpenAICompatibleRoutes } from "./rest/openai-compatible";
import { restRouter } from "./rest/rest-router";
import { type AppRouter, appRouter } from "./routers/router";

export type BuildServerOptions = {
  /** The process's pino logger (the CLI's); otherwise one is made at the configured level. */
  loggerInstance?: FastifyBaseLogger;
  /** The built web app; undefined serves no SPA. */
  webDist?: string | undefined;
};

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WEB_DIST = path.resolve(here, "../../web/dist");

export async function buildServer(deps: Deps, options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const { config } = deps;
  const logging = options.loggerInstance
    ? { loggerInstance: options.loggerInstance }
    : { logger: config.LOG_LEVEL === "silent" ? false : { level: config.LOG_LEVEL, redact: REDACT_PATHS } };
  const app = Fastify({
    ...logging,
    bodyLimit: config.BODY_LIMIT,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: "x-request-id",
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 500 },
  });
  app.addHook("onSend", async (req, reply) => {
    void reply.header("x-request-id", req.id);
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "https:"],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Same-origin by default; the CORS plugin below opens only the configured origins.
    crossOriginResourcePolicy: { policy: "same-origin" },
  });
  await app.register(fastifyCors, {
    origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false,
    credentials: true,
  });

  const createContext = createContextFactory(deps);
  const logUnexpected = ({
    error,
    path: procedurePath,
    ctx,
  }: {
    error: { code: string; cause?: unknown };
    path?: string | undefined;
    ctx?: { log: FastifyInstance["log"] } | undefined;
  }) => {
    if (error.code === "INTERNAL_SERVER_ERROR") {
      (ctx?.log ?? app.log).error(
        { err: error.cause ?? error, procedure: procedurePath },
        "unexpected error",
      );
    }
  };

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext,
      onError: logUnexpected,
      // tRPC's answer replaces the Vary header @fastify/cors set: a shared cache must still keep one
      // answer per Origin, or it hands one origin's CORS headers to another.
      ...(config.CORS_ORIGINS.length > 0
        ? { responseMeta: () => ({ headers: new Headers([["vary", "Origin"]]) }) }
        : {}),
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  // A REST call whose only input is its path (POST /tenants/{id}/accept) needs no body, and so no
  // Content-Type; the OpenAPI adapter would refuse it with 415 without this.
  app.addHook("preHandler", async (req, reply) => {
    if (!req.url.startsWith(REST_PREFIX)) return;
    if (req.body === undefined && !req.headers["content-type"]) {
      req.headers["content-type"] = "application/json";
    }
    // The OpenAPI adapter re-serialises the parsed body recursively: a body nested thousands deep
    // would overflow the stack there (a 500). No real input nests anywhere near this.
    if (nestsDeeperThan(req.body, MAX_BODY_DEPTH)) {
      const field = "(body)";
      const tooDeep = new AppError("BAD_REQUEST", {
        key: "error.invalidField",
        params: { field, reason: "validation.tooDeep" },
        field,
      });
      return sendError(req, reply, tooDeep);
    }
  });

  await app.register(fastifyTRPCOpenApiPlugin, {
    basePath: REST_PREFIX,
    // Not appRouter itself: the adapter would coerce (mutate) our input schemas (rest/rest-router.ts).
    router: restRouter(appRouter),
    createContext,
    onError: logUnexpected,
    maxBodySize: config.BODY_LIMIT,
  } as Parameters<typeof fastifyTRPCOpenApiPlugin>[1]);

  await registerDocumentFileRoutes(app, deps);
  await registerChatCompletionRoutes(app, deps);
  await registerOpenAICompatibleRoutes(app, deps);

  const openApiDocument = buildOpenApiDocument();
  app.get(`${REST_PREFIX}/openapi.json`, async () => openApiDocument);
  await app.register(fastifySwagger, {
    mode: "static",
    specification: { document: openApiDocument as never },
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/apidocs", staticCSP: true });

  app.get("/healthz", async (_req, reply) => {
    const health = await getHealth(deps);
    return reply.code(health.status === "ok" ? 200 : 503).send(health);
  });

  const webDist = options.webDist;
  const hasWeb = webDist !== undefined && existsSync(path.join(webDist, "index.html"));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ["index.html"] });
  }
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith("/api/") || req.url.startsWith("/trpc/");
    if (hasWeb && req.method === "GET" && !isApi && req.headers.accept?.includes("text/html")) {
      // Client-side routes (/profile, /reset-password…) all load the single-page app.
      return reply.type("text/html").sendFile("index.html");
    }
    const lang = languageFromHeader(req.headers["accept-language"]) ?? "en";
    return reply.code(404).send({
      message: translate("error.notFound", lang, { entity: "entity.route" }),
      code: "NOT_FOUND",
      data: { code: "NOT_FOUND", httpStatus: 404, requestId: req.id },
    });
  });
  return app;
}

const MAX_BODY_DEPTH = 64;

/** Whether arrays/objects nest deeper than `max`, walked without recursion. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (node === null || typeof node !== "object") continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

export { createLogger, REDACT_PATHS, redactUrl } from "./logger";
