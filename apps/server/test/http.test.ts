/**
 * The HTTP surface a client or an operator meets before any procedure: health, the API docs and
 * their assets, the OpenAPI document, security headers, CORS, request ids and unknown routes.
 */
import { testBackends } from "@ragtime/db/testing";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/router";
import { startTestServer, type TestServer } from "../src/testing";
import {
  bearer,
  errorOf,
  openApiDocument,
  restRoutes,
  sharedConnection,
  signUp,
  ZOpenApiDocument,
} from "./helpers";

const CONFIGURED_ORIGIN = "https://app.example";
const OTHER_ORIGIN = "https://evil.example";

/** Procedures deliberately not offered over REST, each with its reason. */
const TRPC_ONLY: Record<string, string> = {};

type ProcedureDef = { _def: { type: string; meta?: { openapi?: { method: string; path: string } } } };

function procedures(): Array<[string, ProcedureDef]> {
  // At run time tRPC v11 keeps a flat "a.b" → procedure map here (the type is the nested record).
  return Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>);
}

function hasSecurityHeaders(res: LightMyRequestResponse, context: string) {
  expect(String(res.headers["content-security-policy"]), context).toContain("default-src 'self'");
  expect(res.headers["x-content-type-options"], context).toBe("nosniff");
  expect(res.headers["x-frame-options"], context).toBe("SAMEORIGIN");
  expect(res.headers["referrer-policy"], context).toBe("no-referrer");
  expect(res.headers["cross-origin-opener-policy"], context).toBe("same-origin");
  expect(res.headers["cross-origin-resource-policy"], context).toBe("same-origin");
}

describe.each(testBackends())("HTTP surface ($dialect)", (backend) => {
  let server: TestServer;
  /** Same database, CORS_ORIGINS = [CONFIGURED_ORIGIN]. */
  let withCors: TestServer;

  beforeAll(async () => {
    const connection = await backend.open();
    server = await startTestServer(connection);
    withCors = await startTestServer(sharedConnection(connection), {
      config: { CORS_ORIGINS: [CONFIGURED_ORIGIN] },
    });
  });
  afterAll(async () => {
    await withCors?.close();
    await server?.close();
  });

  it("/healthz is 200 with status ok", async () => {
    const res = await server.app.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(res.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  it("/apidocs renders, every asset it references loads, and it reads the served document", async () => {
    const { app } = server;
    for (const url of ["/apidocs", "/apidocs/"]) {
      const page = await app.inject({ method: "GET", url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers["content-type"]).toMatch(/text\/html/);
      expect(page.body).toContain('id="swagger-ui"');
      // The page's CSP allows no inline script: every script must be a file of our own.
      expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
      const assets = [...page.body.matchAll(/(?:href|src)="([^"]+)"/g)].map(
        (m) => new URL(m[1] ?? "", `http://x${url}`).pathname,
      );
      expect(assets.filter((a) => a.endsWith(".js")).length, url).toBeGreaterThanOrEqual(2);
      expect(assets.filter((a) => a.endsWith(".css")).length, url).toBeGreaterThanOrEqual(1);
      for (const asset of assets) {
        const res = await app.inject({ method: "GET", url: asset });
        expect(res.statusCode, asset).toBe(200);
        expect(res.body.length, asset).toBeGreaterThan(0);
        if (asset.endsWith(".js")) expect(res.headers["content-type"], asset).toMatch(/javascript/);
        if (asset.endsWith(".css")) expect(res.headers["content-type"], asset).toMatch(/text\/css/);
        // Assets are served locally: nothing is fetched from a CDN.
        expect(asset.startsWith("/apidocs/")).toBe(true);
      }
    }
    const uiDocument = await app.inject({ method: "GET", url: "/apidocs/json" });
    expect(uiDocument.statusCode).toBe(200);
    const served = await app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(Object.keys(ZOpenApiDocument.parse(uiDocument.json()).paths)).toEqual(
      Object.keys(ZOpenApiDocument.parse(served.json()).paths),
    );
  });

  it("/api/v1/openapi.json is OpenAPI 3.1 with every REST procedure, its input and its 200 answer", async () => {
    const res = await server.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = ZOpenApiDocument.parse(res.json());
    expect(doc.openapi).toBe("3.1.0");
    expect(doc).toEqual(openApiDocument());
    const exposed = procedures().filter(([, p]) => p._def.meta?.openapi);
    expect(exposed.length).toBeGreaterThan(15);
    for (const [name, procedure] of procedures()) {
      if (procedure._def.type === "subscription" || name in TRPC_ONLY) continue;
      expect(
        procedure._def.meta?.openapi,
        `${name} is not REST-exposed (or list it in TRPC_ONLY)`,
      ).toBeDefined();
    }
    for (const [name, procedure] of exposed) {
      const meta = procedure._def.meta?.openapi;
      const op = meta ? doc.paths[meta.path]?.[meta.method.toLowerCase()] : undefined;
      expect(op, `${name} (${meta?.method} ${meta?.path}) is missing from the document`).toBeDefined();
      if (!op) continue;
      expect(op.operationId).toBe(name.replaceAll(".", "-"));
      const success = op.responses["200"]?.content?.["application/json"]?.schema;
      expect(success, `${name} has no 200 response schema`).toBeDefined();
      expect(Object.keys(success ?? {}).length, `${name}: empty 200 schema`).toBeGreaterThan(0);
    }
    for (const route of restRoutes(doc)) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      const hasInput = route.body !== undefined || route.isMultipart || (op?.parameters ?? []).length > 0;
      const procedure = procedures().find(([name]) => name === route.procedure)?.[1];
      // A procedure that takes input must document it: a body for POST/PATCH, parameters otherwise.
      const inputs =
        (
          procedure?._def as
            | { inputs?: Array<{ safeParse?: (v: unknown) => { success: boolean } }> }
            | undefined
        )?.inputs ?? [];
      const takesInput = inputs.some((schema) => schema.safeParse?.(undefined).success === false);
      if (takesInput) expect(hasInput, `${route.label} takes input but documents none`).toBe(true);
      if (route.method === "POST" || route.method === "PATCH") {
        if (route.body) expect(route.body.type, route.label).toBe("object");
      }
      for (const param of route.pathParams) expect(route.path, route.label).toContain(`{${param}}`);
      expect(Object.keys(op?.responses ?? {}), route.label).toContain("200");
    }
  });

  it("security headers are on every kind of answer", async () => {
    const { app } = server;
    const token = (await signUp(app, "headers@http.example")).token;
    const answers: Array<[string, LightMyRequestResponse]> = [
      ["healthz", await app.inject({ method: "GET", url: "/healthz" })],
      ["REST 200", await app.inject({ method: "GET", url: "/api/v1/users/me", headers: bearer(token) })],
      ["REST 401", await app.inject({ method: "GET", url: "/api/v1/users/me" })],
      ["REST 400", await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: {} })],
      ["tRPC", await app.inject({ method: "GET", url: "/trpc/users.me", headers: bearer(token) })],
      ["apidocs", await app.inject({ method: "GET", url: "/apidocs" })],
      ["404", await app.inject({ method: "GET", url: "/nothing/here" })],
    ];
    for (const [label, res] of answers) hasSecurityHeaders(res, label);
    // API answers are JSON that a browser must not sniff into something else.
    expect(answers[1]?.[1].headers["content-type"]).toMatch(/application\/json/);
  });

  describe("CORS", () => {
    const preflight = (target: TestServer, origin: string, url: string) =>
      target.app.inject({
        method: "OPTIONS",
        url,
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      });

    it("without CORS_ORIGINS no origin is allowed", async () => {
      for (const origin of [CONFIGURED_ORIGIN, OTHER_ORIGIN]) {
        for (const url of ["/api/v1/users/me", "/trpc/users.me"]) {
          expect(
            (await preflight(server, origin, url)).headers["access-control-allow-origin"],
          ).toBeUndefined();
          const res = await server.app.inject({ method: "GET", url, headers: { origin } });
          expect(res.headers["access-control-allow-origin"], url).toBeUndefined();
        }
      }
    });

    it("a configured origin is allowed (with credentials), any other is not", async () => {
      const token = (await signUp(withCors.app, "cors@http.example")).token;
      for (const url of ["/api/v1/users/me", "/trpc/users.me"]) {
        const allowed = await preflight(withCors, CONFIGURED_ORIGIN, url);
        expect(allowed.statusCode).toBeLessThan(300);
        expect(allowed.headers["access-control-allow-origin"]).toBe(CONFIGURED_ORIGIN);
        expect(allowed.headers["access-control-allow-credentials"]).toBe("true");
        expect(String(allowed.headers["access-control-allow-headers"])).toMatch(/authorization/i);

        const ok = await withCors.app.inject({
          method: "GET",
          url,
          headers: { ...bearer(token), origin: CONFIGURED_ORIGIN },
        });
        expect(ok.statusCode).toBe(200);
        expect(ok.headers["access-control-allow-origin"], url).toBe(CONFIGURED_ORIGIN);
        // A shared cache must not hand this answer to another origin.
        expect(String(ok.headers.vary), url).toMatch(/origin/i);
        // The browser must be able to read an error, too.
        const refused = await withCors.app.inject({
          method: "GET",
          url,
          headers: { origin: CONFIGURED_ORIGIN },
        });
        expect(refused.statusCode).toBe(401);
        expect(refused.headers["access-control-allow-origin"], url).toBe(CONFIGURED_ORIGIN);

        expect(
          (await preflight(withCors, OTHER_ORIGIN, url)).headers["access-control-allow-origin"],
        ).toBeUndefined();
        const other = await withCors.app.inject({
          method: "GET",
          url,
          headers: { ...bearer(token), origin: OTHER_ORIGIN },
        });
        expect(other.headers["access-control-allow-origin"], url).toBeUndefined();
      }
    });
  });

  it("x-request-id is echoed (and generated when absent), in headers and error bodies", async () => {
    const { app } = server;
    const rest = await app.inject({
      method: "GET",
      url: "/api/v1/users/me",
      headers: { "x-request-id": "trace-abc-123" },
    });
    expect(rest.headers["x-request-id"]).toBe("trace-abc-123");
    expect(errorOf(rest).data?.requestId).toBe("trace-abc-123");
    const trpc = await app.inject({
      method: "GET",
      url: "/trpc/users.me",
      headers: { "x-request-id": "trace-def-456" },
    });
    expect(trpc.headers["x-request-id"]).toBe("trace-def-456");
    expect(trpc.json()).toMatchObject({ error: { data: { requestId: "trace-def-456" } } });
    const health = await app.inject({
      method: "GET",
      url: "/healthz",
      headers: { "x-request-id": "trace-ghi-789" },
    });
    expect(health.headers["x-request-id"]).toBe("trace-ghi-789");

    const [a, b] = [
      await app.inject({ method: "GET", url: "/healthz" }),
      await app.inject({ method: "GET", url: "/healthz" }),
    ];
    expect(a.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers["x-request-id"]).not.toBe(b.headers["x-request-id"]);
  });

  it("unknown routes answer 404 JSON", async () => {
    const { app } = server;
    const cases: Array<[string, string]> = [
      ["GET", "/api/v1/no-such-thing"],
      ["POST", "/api/v1/users/me/nothing"],
      ["PUT", "/api/v1/users/me"],
      ["DELETE", "/api/v1/tenants"],
      ["GET", "/trpc/no.such.procedure"],
      ["GET", "/no/such/page"],
    ];
    for (const [method, url] of cases) {
      const res = await app.inject({ method: method as "GET", url });
      const context = `${method} ${url}: ${res.body}`;
      expect(res.statusCode, context).toBe(404);
      expect(res.headers["content-type"], context).toMatch(/application\/json/);
      expect(res.body, context).toMatch(/NOT_FOUND/);
    }
  });
});
