import type { AnyProcedure } from "@trpc/server";
import type { Context } from "../context";
import type { AppRouter } from "../routers/router";
import { createCallerFactory } from "../trpc";

/**
 * The router handed to trpc-to-openapi's REST adapter, so that REST never changes how our
 * schemas parse.
 *
 * The problem: on every REST call the adapter sets `_def.coerce = true` on each number, boolean,
 * bigint and date schema of the procedure's input object (recursively), to read query strings.
 * That mutates our shared zod schemas: `Boolean("false")` is true, so a JSON body's
 * `"html4excel": "false"` was accepted as `true`, and from then on the same happened to tRPC
 * calls of that procedure, whose schemas are the same objects.
 *
 * The fix: the adapter receives a router whose procedures carry *copies* of the input schemas.
 * It only uses them for bookkeeping (document validation, and the coercion it insists on); the
 * call itself goes through the real procedures (`createCaller`), whose schemas nothing mutates.
 * Query strings and path parameters — the only inputs that really arrive as text — are read here
 * instead, from the real schema and without guessing: "true"/"1" and "false"/"0" for booleans,
 * decimal numbers for numbers, ISO dates for dates, repeated keys for arrays. JSON bodies are
 * passed through as sent, so a string where a boolean is expected is a 400 naming the field.
 */
export function restRouter(router: AppRouter): AppRouter {
  // Flat at run time ("documents.list" → procedure), whatever the declared type says.
  const procedures = router._def.procedures as unknown as Record<string, AnyProcedure>;
  const shadowed: Record<string, unknown> = {};
  for (const [path, procedure] of Object.entries(procedures)) {
    const def = procedure._def as unknown as { inputs: Schema[] };
    shadowed[path] = { _def: { ...procedure._def, inputs: def.inputs.map(shadow) } };
  }
  const callerOf = createCallerFactory(router);
  const createCaller = (ctx: Context) => {
    const real = callerOf(ctx) as unknown as Callable;
    return pathProxy([], (path, input) => {
      const procedure = procedures[path.join(".")];
      const call = path.reduce<Callable>((node, key) => node[key] as Callable, real);
      return call(procedure ? restInput(procedure, input) : input);
    });
  };
  return {
    ...router,
    _def: { ...router._def, procedures: shadowed },
    createCaller,
  } as unknown as AppRouter;
}

type Callable = ((input: unknown) => Promise<unknown>) & { [key: string]: unknown };

/** `caller.a.b(input)` for any path, as the adapter walks it. */
function pathProxy(path: string[], call: (path: string[], input: unknown) => Promise<unknown>): Callable {
  return new Proxy((() => undefined) as unknown as Callable, {
    get: (_target, key) => (typeof key === "string" ? pathProxy([...path, key], call) : undefined),
    apply: (_target, _this, args: unknown[]) => call(path, args[0]),
  });
}

/** The zod 4 internals this file reads (the public API has no way to walk a schema). */
type Def = {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  element?: Schema;
  in?: Schema;
  out?: Schema;
  getter?: () => Schema;
  coerce?: boolean;
};
type Schema = { _zod: { def: Def }; clone(def?: Def): Schema };

const COERCIBLE = new Set(["number", "boolean", "bigint", "date"]);
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "nonoptional", "readonly", "catch"]);

/**
 * A copy of `schema` in which every schema the adapter may set `coerce` on (object shapes, through
 * optional/nullable/default/array/lazy, down to numbers, booleans, bigints and dates) is a fresh
 * instance with its own definition object. Everything else is shared, never written.
 */
function shadow(schema: Schema): Schema {
  const def = schema._zod.def;
  if (def.type === "object" && def.shape) {
    const shape: Record<string, Schema> = {};
    for (const [key, value] of Object.entries(def.shape)) shape[key] = shadow(value);
    return schema.clone({ ...def, shape });
  }
  if (WRAPPERS.has(def.type) && def.innerType)
    return schema.clone({ ...def, innerType: shadow(def.innerType) });
  if (def.type === "array" && def.element) return schema.clone({ ...def, element: shadow(def.element) });
  if (def.type === "lazy" && def.getter) return shadow(def.getter());
  if (def.type === "pipe" && def.in && def.out)
    return schema.clone({ ...def, in: shadow(def.in), out: shadow(def.out) });
  if (COERCIBLE.has(def.type)) return schema.clone({ ...def });
  return schema;
}

/** The schema under optional/nullable/default/lazy wrappers (and the input side of a pipe). */
function unwrap(schema: Schema | undefined): Schema | undefined {
  for (let s = schema, depth = 0; s && depth < 32; depth++) {
    const def: Def = s._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === "lazy" && def.getter) s = def.getter();
    else if (def.type === "pipe" && def.in && def.in._zod.def.type !== "transform") s = def.in;
    else return s;
  }
  return undefined;
}

/**
 * Reads the text inputs of a REST call into the types the procedure's schema declares: every
 * field for GET/DELETE (query string and path), only the path parameters otherwise (the rest is
 * a JSON body, which has its own types). Values that do not read cleanly stay strings, for the
 * schema to refuse with a message naming the field.
 */
function restInput(procedure: AnyProcedure, input: unknown): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const def = procedure._def as unknown as {
    inputs: Schema[];
    meta?: { openapi?: { method?: string; path?: string } };
  };
  const openapi = def.meta?.openapi;
  const isQuery = openapi?.method === "GET" || openapi?.method === "DELETE";
  const pathKeys = new Set([...(openapi?.path ?? "").matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
  const shapes = def.inputs
    .map((s) => unwrap(s)?._zod.def)
    .filter((d): d is Def => d?.type === "object" && d.shape !== undefined);
  const out: Record<string, unknown> = { ...input };
  for (const [key, value] of Object.entries(out)) {
    if (!isQuery && !pathKeys.has(key)) continue;
    const field = shapes.map((d) => d.shape?.[key]).find((s) => s !== undefined);
    if (field) out[key] = fromText(value, field);
  }
  return out;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function fromText(value: unknown, schema: Schema): unknown {
  const inner = unwrap(schema);
  const type = inner?._zod.def.type;
  if (type === "array" && inner?._zod.def.element) {
    const element = inner._zod.def.element;
    return (Array.isArray(value) ? value : [value]).map((v) => fromText(v, element));
  }
  if (typeof value !== "string") return value;
  const text = value.trim();
  switch (type) {
    case "number":
      return NUMBER.test(text) ? Number(text) : value;
    case "bigint":
      return /^[+-]?\d+$/.test(text) ? BigInt(text) : value;
    case "boolean": {
      const lower = text.toLowerCase();
      return lower === "true" || lower === "1" ? true : lower === "false" || lower === "0" ? false : value;
    }
    case "date": {
      const date = new Date(text);
      return /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(date.getTime()) ? date : value;
    }
    default:
      return value;
  }
}
