/**
 * Shared test support: the REST routes as the OpenAPI document describes them (so a new route is
 * covered by the generic suites without touching them), sign-up/sign-in shortcuts, and tRPC
 * callers built the way the HTTP adapters build their context.
 */
import { type Language, translate } from "@ragtime/core";
import type { DatabaseConnection } from "@ragtime/db";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { z } from "zod";
import type { Context } from "../src/context";
import { buildOpenApiDocument } from "../src/openapi";
import { appRouter } from "../src/routers/router";
import { createCaller, type TestServer } from "../src/testing";

export type JsonSchema = {
  type?: string | string[] | undefined;
  properties?: Record<string, JsonSchema> | undefined;
  required?: string[] | undefined;
  enum?: unknown[] | undefined;
  anyOf?: JsonSchema[] | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  pattern?: string | undefined;
  items?: JsonSchema | undefined;
  minItems?: number | undefined;
  maxItems?: number | undefined;
  additionalProperties?: unknown;
};

const ZJsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z
    .object({
      type: z.union([z.string(), z.array(z.string())]).optional(),
      properties: z.record(z.string(), ZJsonSchema).optional(),
      required: z.array(z.string()).optional(),
      enum: z.array(z.unknown()).optional(),
      anyOf: z.array(ZJsonSchema).optional(),
      minLength: z.number().optional(),
      maxLength: z.number().optional(),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
      pattern: z.string().optional(),
      // `items: false` closes a tuple (prefixItems); only a schema describes the elements.
      items: z
        .union([ZJsonSchema, z.boolean()])
        .optional()
        .transform((v) => (typeof v === "boolean" ? undefined : v)),
      minItems: z.number().optional(),
      maxItems: z.number().optional(),
      additionalProperties: z.unknown().optional(),
    })
    .loose(),
);

/** Media type → schema (JSON for most routes; a download may answer something else). */
const ZContent = z.record(z.string(), z.object({ schema: ZJsonSchema.optional() }).loose());

const ZOperation = z.object({
  // Absent on the hand-described plain Fastify routes (file upload/download).
  operationId: z.string().optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  parameters: z
    .array(
      z.object({ in: z.string(), name: z.string(), required: z.boolean().optional(), schema: ZJsonSchema }),
    )
    .optional(),
  requestBody: z.object({ required: z.boolean().optional(), content: ZContent }).optional(),
  responses: z.record(
    z.string(),
    z.object({ description: z.string(), content: ZContent.optional() }).loose(),
  ),
});

export const ZOpenApiDocument = z.object({
  openapi: z.string(),
  paths: z.record(z.string(), z.record(z.string(), ZOperation)),
});
export type OpenApiDocument = z.infer<typeof ZOpenApiDocument>;

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export type RestRoute = {
  method: HttpMethod;
  /** The OpenAPI path, relative to /api/v1: `/api-keys/{id}`. */
  path: string;
  /** The tRPC procedure behind it (`apiKeys.revoke`); undefined for a plain Fastify route. */
  procedure: string | undefined;
  /** The route declares a security requirement: it must refuse anonymous callers. */
  isProtected: boolean;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: JsonSchema }>;
  /** The JSON request body's schema (undefined: no JSON body, e.g. none or multipart). */
  body: JsonSchema | undefined;
  /** The route takes a multipart/form-data upload. */
  isMultipart: boolean;
  /** "GET /api-keys/{id}", for test names. */
  label: string;
};

/** The document as a client reads it (JSON round trip), checked against the shape the tests rely on. */
export function openApiDocument(): OpenApiDocument {
  return ZOpenApiDocument.parse(JSON.parse(JSON.stringify(buildOpenApiDocument())));
}

export function restRoutes(doc: OpenApiDocument = openApiDocument()): RestRoute[] {
  const routes: RestRoute[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const upper = method.toUpperCase() as HttpMethod;
      routes.push({
        method: upper,
        path,
        procedure:
          op.operationId !== undefined && procedureType(op.operationId.replaceAll("-", "."))
            ? op.operationId.replaceAll("-", ".")
            : undefined,
        isProtected: (op.security ?? []).length > 0,
        pathParams: (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name),
        queryParams: (op.parameters ?? [])
          .filter((p) => p.in === "query")
          .map((p) => ({ name: p.name, schema: p.schema })),
        body: op.requestBody?.content["application/json"]?.schema,
        isMultipart: op.requestBody?.content["multipart/form-data"] !== undefined,
        label: `${upper} ${path}`,
      });
    }
  }
  return routes;
}

/** The non-null branch of `T | null`, and whether null is allowed. */
export function unwrapNullable(schema: JsonSchema): { schema: JsonSchema; isNullable: boolean } {
  const branches = schema.anyOf;
  if (!branches) return { schema, isNullable: false };
  const other = branches.find((b) => b.type !== "null");
  return { schema: other ?? schema, isNullable: branches.some((b) => b.type === "null") };
}

export function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
}

/** Values that must pass validation for fields whose type alone does not say what is valid. */
const VALID_EXAMPLES: Record<string, unknown> = {
  email: "someone@example.com",
  timezone: "Europe/Paris",
  avatar: "https://example.com/avatar.png",
  baseUrl: "http://127.0.0.1:9/v1",
};

/** A value the schema accepts (a field's type and bounds, or VALID_EXAMPLES by field name). */
export function validValue(name: string, raw: JsonSchema): unknown {
  if (name in VALID_EXAMPLES) return VALID_EXAMPLES[name];
  const schema = unwrapNullable(raw).schema;
  if (schema.enum) return schema.enum[0];
  if (schema.pattern === "^[0-9a-f]{32}$") return randomId();
  switch (typeOf(schema)) {
    case "string":
      return "x".repeat(Math.max(schema.minLength ?? 1, 1));
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return false;
    case "array":
      return schema.items && schema.minItems
        ? Array.from({ length: schema.minItems }, () => validValue(name, schema.items ?? {}))
        : [];
    case "object":
      return validObject(schema);
    default:
      throw new Error(`no valid example for field ${name}: add one to VALID_EXAMPLES in test/helpers.ts`);
  }
}

/** An object with every property of the schema set to a valid value. */
export function validObject(schema: JsonSchema): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, validValue(k, s)]));
}

/** The tRPC kind of a procedure (query / mutation / subscription), read from the router itself. */
export function procedureType(procedure: string | undefined): string | undefined {
  if (procedure === undefined) return undefined;
  // At run time tRPC v11 keeps a flat "a.b" → procedure map here (the type is the nested record).
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: string } } | undefined
  >;
  return procedures[procedure]?._def.type;
}

export function restUrl(route: RestRoute, params: Record<string, string> = {}): string {
  const filled = route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${route.label}`);
    return encodeURIComponent(value);
  });
  return `/api/v1${filled}`;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The same database for a second server (other configuration, same data): its close() leaves
 * the database to the server that owns it.
 */
export function sharedConnection(connection: DatabaseConnection): DatabaseConnection {
  return { ...connection, close: async () => {} };
}

/** 32 lowercase hex characters: the shape of every id, pointing at nothing. */
export const randomId = () => crypto.randomUUID().replaceAll("-", "");

export type SignedIn = { token: string; userId: string; email: string; password: string };

export async function signUp(
  app: FastifyInstance,
  email: string,
  options: { password?: string; language?: Language; remoteAddress?: string } = {},
): Promise<SignedIn> {
  const password = options.password ?? `pw of ${email}`;
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/auth/register",
    payload: { email, password, ...(options.language ? { language: options.language } : {}) },
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
  if (res.statusCode !== 200) throw new Error(`register ${email}: ${res.statusCode} ${res.body}`);
  const body = z.object({ token: z.string(), user: z.object({ id: z.string() }) }).parse(res.json());
  return { token: body.token, userId: body.user.id, email, password };
}

export async function signIn(app: FastifyInstance, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  return z.object({ token: z.string() }).parse(res.json()).token;
}

/**
 * What a user can read back about their workspace: the answers of every parameterless protected
 * GET route (lastUsedAt aside: using a key moves it). Equal before and after = nothing changed.
 */
export async function visibleState(
  app: FastifyInstance,
  token: string,
  routes: RestRoute[],
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  const readable = routes.filter((r) => r.method === "GET" && r.isProtected && r.pathParams.length === 0);
  for (const route of readable) {
    const res = await app.inject({
      method: "GET",
      url: restUrl(route),
      headers: { ...headers, ...bearer(token) },
    });
    // A refusal (a member may not list keys) is part of the picture too, and must not change either.
    const body: unknown = JSON.parse(res.body, (key, value: unknown) =>
      key === "requestId" ? undefined : key === "lastUsedAt" ? null : value,
    );
    state[route.label] = { status: res.statusCode, body };
  }
  return state;
}

/** A multipart/form-data body with one text file, encoded as a browser would. */
export async function multipartFile(
  name: string,
  text: string,
): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  form.append("file", new Blob([text], { type: "text/plain" }), name);
  const encoded = new Request("http://localhost/", { method: "POST", body: form });
  return {
    payload: Buffer.from(await encoded.arrayBuffer()),
    contentType: encoded.headers.get("content-type") ?? "",
  };
}

/**
 * Inject options for a call of `route` that would succeed for a caller allowed to make it: the
 * path values given, and a valid JSON body (or a small file for an upload route).
 */
export async function validRequest(
  route: RestRoute,
  params: Record<string, string>,
  headers: Record<string, string>,
  bodyOverrides: Record<string, unknown> = {},
): Promise<InjectOptions> {
  const base = { method: route.method, url: restUrl(route, params) };
  if (route.isMultipart) {
    const { payload, contentType } = await multipartFile("probe.txt", "probe");
    return { ...base, headers: { ...headers, "content-type": contentType }, payload };
  }
  if (route.body) return { ...base, headers, payload: { ...validObject(route.body), ...bodyOverrides } };
  return { ...base, headers };
}

/** A REST call that must succeed; returns the parsed JSON answer. */
export async function ok(app: FastifyInstance, options: InjectOptions): Promise<unknown> {
  const res = await app.inject(options);
  if (res.statusCode !== 200) {
    throw new Error(`${options.method} ${options.url}: ${res.statusCode} ${res.body}`);
  }
  return res.json();
}

export async function createKey(app: FastifyInstance, token: string, name = "key") {
  const body = await ok(app, {
    method: "POST",
    url: "/api/v1/api-keys",
    headers: bearer(token),
    payload: { name },
  });
  return z.object({ id: z.string(), secret: z.string(), prefix: z.string() }).parse(body);
}

export async function tenantOf(app: FastifyInstance, token: string): Promise<string> {
  const body = await ok(app, { method: "GET", url: "/api/v1/tenants/current", headers: bearer(token) });
  return z.object({ id: z.string() }).parse(body).id;
}

export const ZErrorBody = z.object({
  message: z.string(),
  code: z.string(),
  data: z
    .object({
      code: z.string().optional(),
      httpStatus: z.number().optional(),
      field: z.string().optional(),
      requestId: z.string().optional(),
      issues: z.array(z.object({ path: z.array(z.string()), message: z.string() })).optional(),
    })
    .loose()
    .optional(),
});
export type ErrorBody = z.infer<typeof ZErrorBody>;

/** The error answer of a REST call (throws if the body is not the documented error shape). */
export function errorOf(res: LightMyRequestResponse): ErrorBody {
  return ZErrorBody.parse(res.json());
}

/** A tRPC caller with the context the HTTP adapters would build for these credentials. */
export function callerFor(
  server: TestServer,
  options: { token?: string | undefined; tenantId?: string | undefined; lang?: Language } = {},
) {
  const ctx: Context = {
    deps: server.deps,
    requestId: randomId(),
    ip: "127.0.0.1",
    userAgent: "vitest",
    token: options.token,
    tenantId: options.tenantId,
    locale: { lang: options.lang ?? "en" },
    log: server.app.log,
    session: { set() {}, clear() {} },
  };
  return createCaller(ctx);
}

/** Calls a procedure over tRPC's HTTP wire format (what @trpc/client sends), through inject. */
export function injectTrpc(
  app: FastifyInstance,
  procedure: string,
  options: { headers?: Record<string, string>; input?: unknown } = {},
): Promise<LightMyRequestResponse> {
  const headers = options.headers ?? {};
  if (procedureType(procedure) === "query") {
    const query =
      options.input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(options.input))}`;
    return app.inject({ method: "GET", url: `/trpc/${procedure}${query}`, headers });
  }
  return app.inject({
    method: "POST",
    url: `/trpc/${procedure}`,
    headers: { ...headers, "content-type": "application/json" },
    payload: JSON.stringify(options.input ?? null),
  });
}

/** The prefix of a validation message about `field` in `lang` ("Invalid value for “email”: "). */
export function invalidFieldPrefix(field: string, lang: Language): string {
  return translate("error.invalidField", lang, { field, reason: "" });
}
