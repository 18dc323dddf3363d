export { type BuildServerOptions, buildServer, DEFAULT_WEB_DIST } from "./app";
export { buildOpenApiDocument, REST_PREFIX } from "./openapi";
export type { AppRouter, RouterInputs, RouterOutputs } from "./router-types";
export { appRouter } from "./routers/router";
