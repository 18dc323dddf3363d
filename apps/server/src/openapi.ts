import { generateOpenApiDocument } from "trpc-to-openapi";
import { appRouter } from "./routers/router";

export const REST_PREFIX = "/api/v1";

/** The OpenAPI 3.1 document of every REST-exposed procedure, generated from the tRPC router. */
export function buildOpenApiDocument() {
  return generateOpenApiDocument(appRouter, {
    title: "Ragtime API",
    description:
      "REST view of Ragtime's procedures. Authenticate with `Authorization: Bearer <token>` — an API key (`rt-…`) or a session token from /auth/login. Errors are JSON `{ message, code, data: { code, httpStatus, field?, issues?, requestId } }`; `message` follows Accept-Language (en, fr, zh).",
    version: "0.1.0",
    openApiVersion: "3.1.0",
    baseUrl: REST_PREFIX,
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer", description: "API key (rt-…) or session token" },
    },
  });
}
