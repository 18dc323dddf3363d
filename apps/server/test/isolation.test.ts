/**
 * SPEC §8: no user ever reads or changes another tenant's data, unknown and foreign ids answer
 * alike, and protected procedures refuse anonymous callers. The REST routes come from the OpenAPI
 * document, so a route added later is covered here without editing this file (a route taking a
 * new kind of id, in its path or its body, fails until `foreignIdsFor` learns to make one in tenant A).
 */
import { testBackends } from "@ragtime/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";
import {
  bearer,
  callerFor,
  createKey,
  errorOf,
  injectTrpc,
  multipartFile,
  ok,
  procedureType,
  type RestRoute,
  randomId,
  restRoutes,
  restUrl,
  type SignedIn,
  signIn,
  signUp,
  tenantOf,
  validObject,
  validRequest,
  visibleState,
} from "./helpers";

const routes = restRoutes();
const protectedRoutes = routes.filter((r) => r.isProtected);
const publicRoutes = routes.filter((r) => !r.isProtected);
/** Body fields that hold ids of things (`id`, `ids`, `userId`, `documentIds`…). */
const ID_FIELD = /^(ids?|\w+Ids?)$/;
const bodyIdFields = (route: RestRoute) =>
  Object.keys(route.body?.properties ?? {}).filter((k) => ID_FIELD.test(k));
const idRoutes = routes.filter((r) => r.pathParams.length > 0 || bodyIdFields(r).length > 0);

/** Which ids one call sends: path values and id fields of the body. */
type Target = { params: Record<string, string>; body: Record<string, unknown> };
const trpcRoutes = (list: RestRoute[]) => list.filter((r) => r.procedure !== undefined);

/** Plausible path values, so that a call is refused for who makes it, not for its shape. */
const somePathParams = (route: RestRoute) => Object.fromEntries(route.pathParams.map((p) => [p, randomId()]));

/** A body the route accepts: if isolation failed, the call would go through and change something. */
const validBody = (route: RestRoute) => (route.body ? validObject(route.body) : undefined);

function expectTrpcError(error: unknown, codes: string[], context: string) {
  expect(error, context).toBeInstanceOf(TRPCError);
  expect(codes, context).toContain((error as TRPCError).code);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    const value = await promise;
    return new Error(`expected a refusal, got ${JSON.stringify(value)}`);
  } catch (error) {
    return error;
  }
}

/** Calls the procedure behind a REST route through a tRPC caller. */
function callProcedure(
  caller: ReturnType<typeof callerFor>,
  route: RestRoute,
  input: unknown,
): Promise<unknown> {
  let target: unknown = caller;
  for (const segment of (route.procedure ?? "").split(".")) {
    target = (target as Record<string, unknown>)[segment];
  }
  if (typeof target !== "function") throw new Error(`${route.procedure} is not callable on the caller`);
  return (target as (input: unknown) => Promise<unknown>)(input);
}

/** Uploads one text file and returns the new document's id. */
async function uploadText(server: TestServer, token: string, kbId: string, name: string, text: string) {
  const { payload, contentType } = await multipartFile(name, text);
  const res = await server.app.inject({
    method: "POST",
    url: `/api/v1/knowledge-bases/${kbId}/documents`,
    headers: { ...bearer(token), "content-type": contentType },
    payload,
  });
  if (res.statusCode !== 200) throw new Error(`upload ${name}: ${res.statusCode} ${res.body}`);
  const [doc] = (res.json() as { documents: Array<{ id: string }> }).documents;
  if (!doc) throw new Error(`upload ${name}: no document in ${res.body}`);
  return doc.id;
}

/** The tRPC input for a route's path values and body. */
function trpcInput(
  route: RestRoute,
  params: Record<string, string>,
  overrides: Record<string, unknown> = {},
): unknown {
  const body = validBody(route);
  if (route.pathParams.length === 0 && body === undefined) return undefined;
  return { ...body, ...overrides, ...params };
}

describe.each(testBackends())("tenant isolation ($dialect)", (backend) => {
  let server: TestServer;
  // Tenant A: alice owns it, carol is a member, dave is invited. Tenant B: bob owns it.
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  let dave: SignedIn;
  let tenantA: string;
  let tenantB: string;
  let aliceKey: { id: string; secret: string; prefix: string };
  let bobKey: { id: string; secret: string; prefix: string };
  let aliceKb: string;
  let aliceDoc: string | undefined;
  let aliceChunk: string | undefined;
  let revokedKey: string;
  let signedOutToken: string;
  let aliceProvider: { id: string; models: Array<{ id: string }> } | undefined;
  let aliceChat: { id: string; conversationId: string; messageId: string } | undefined;

  beforeAll(async () => {
    server = await startTestServer(await backend.open());
    const { app } = server;
    alice = await signUp(app, "alice@a.example");
    bob = await signUp(app, "bob@b.example");
    carol = await signUp(app, "carol@a.example");
    dave = await signUp(app, "dave@a.example");
    tenantA = await tenantOf(app, alice.token);
    tenantB = await tenantOf(app, bob.token);
    for (const invitee of [carol, dave]) {
      await ok(app, {
        method: "POST",
        url: "/api/v1/team/members",
        headers: bearer(alice.token),
        payload: { email: invitee.email },
      });
    }
    await ok(app, { method: "POST", url: `/api/v1/tenants/${tenantA}/accept`, headers: bearer(carol.token) });
    aliceKey = await createKey(app, alice.token, "alice's key");
    bobKey = await createKey(app, bob.token, "bob's key");
    const kb = await ok(app, {
      method: "POST",
      url: "/api/v1/knowledge-bases",
      headers: bearer(alice.token),
      payload: { name: "alice's filings", permission: "team" },
    });
    aliceKb = (kb as { id: string }).id;
    if (routes.some((r) => r.label === "POST /model-providers")) {
      // Nothing listens on port 9: a call that got through would fail, but only after the check.
      aliceProvider = (await ok(app, {
        method: "POST",
        url: "/api/v1/model-providers",
        headers: bearer(alice.token),
        payload: {
          provider: "ollama",
          baseUrl: "http://127.0.0.1:9",
          models: [{ name: "alice-llm", type: "chat" }],
        },
      })) as { id: string; models: Array<{ id: string }> };
    }
    if (routes.some((r) => r.label === "POST /chats")) {
      // A chat and a conversation whose first message is the chat's opener.
      const chat = (await ok(app, {
        method: "POST",
        url: "/api/v1/chats",
        headers: bearer(alice.token),
        payload: { name: "alice's assistant", prompt: { opener: "alice's opener" } },
      })) as { id: string };
      const conversation = (await ok(app, {
        method: "POST",
        url: `/api/v1/chats/${chat.id}/conversations`,
        headers: bearer(alice.token),
        payload: { name: "alice's conversation" },
      })) as { id: string; messages: Array<{ id: string }> };
      aliceChat = {
        id: chat.id,
        conversationId: conversation.id,
        messageId: conversation.messages[0]?.id ?? "",
      };
    }
    if (routes.some((r) => r.label === "POST /knowledge-bases/{kbId}/documents")) {
      aliceDoc = await uploadText(server, alice.token, aliceKb, "alice-notes.txt", "alice's notes");
    }
    if (aliceDoc && routes.some((r) => r.label === "POST /documents/{documentId}/chunks")) {
      const chunk = await ok(app, {
        method: "POST",
        url: `/api/v1/documents/${aliceDoc}/chunks`,
        headers: bearer(alice.token),
        payload: { content: "alice's hand-written chunk" },
      });
      aliceChunk = (chunk as { id: string }).id;
    }
    const doomed = await createKey(app, bob.token, "revoked");
    await ok(app, { method: "DELETE", url: `/api/v1/api-keys/${doomed.id}`, headers: bearer(bob.token) });
    revokedKey = doomed.secret;
    signedOutToken = await signIn(app, bob.email, bob.password);
    await ok(app, { method: "POST", url: "/api/v1/auth/logout", headers: bearer(signedOutToken) });
  });
  afterAll(async () => {
    await server?.close();
  });

  /**
   * Ids of tenant A's things that `route` takes, one call per thing to try. Throws for an id this
   * file does not know how to make: teach it, rather than leave a route untested.
   */
  function foreignIdsFor(route: RestRoute): Target[] {
    const valuesOf = (field: string): string[] => {
      const resource = route.path.split("/")[1];
      if (field === "userId" || field === "userIds") return [carol.userId, dave.userId, alice.userId];
      if (field === "tenantId") return [tenantA];
      if (field === "kbId" || field === "knowledgeBaseId") return [aliceKb];
      if (field === "kbIds") return [aliceKb];
      if (field === "chatId" && aliceChat) return [aliceChat.id];
      if (field === "conversationId" && aliceChat) return [aliceChat.conversationId];
      if (field === "messageId" && aliceChat) return [aliceChat.messageId];
      if ((field === "documentId" || field === "documentIds") && aliceDoc) return [aliceDoc];
      if (field === "modelId" && resource === "model-providers" && aliceProvider?.models[0]) {
        return [aliceProvider.models[0].id];
      }
      if (field === "id" || field === "ids") {
        if (resource === "api-keys") return [aliceKey.id];
        if (resource === "knowledge-bases") return [aliceKb];
        if (resource === "documents" && aliceDoc) return [aliceDoc];
        if (resource === "chunks" && aliceChunk) return [aliceChunk];
        if (resource === "model-providers" && aliceProvider) return [aliceProvider.id];
        if (resource === "chats" && aliceChat) return [aliceChat.id];
        if (resource === "conversations" && aliceChat) return [aliceChat.conversationId];
      }
      throw new Error(`isolation.test.ts does not know how to make a foreign "${field}" for ${route.label}`);
    };
    let targets: Target[] = [{ params: {}, body: {} }];
    for (const param of route.pathParams) {
      targets = targets.flatMap((t) =>
        valuesOf(param).map((v) => ({ ...t, params: { ...t.params, [param]: v } })),
      );
    }
    for (const field of bodyIdFields(route)) {
      const isList = route.body?.properties?.[field]?.type === "array";
      targets = targets.flatMap((t) =>
        valuesOf(field).map((v) => ({ ...t, body: { ...t.body, [field]: isList ? [v] : v } })),
      );
    }
    return targets;
  }

  /** The same call with every id replaced by one that exists nowhere. */
  const unknownTarget = (target: Target): Target => ({
    params: Object.fromEntries(Object.keys(target.params).map((k) => [k, randomId()])),
    body: Object.fromEntries(
      Object.entries(target.body).map(([k, v]) => [k, Array.isArray(v) ? [randomId()] : randomId()]),
    ),
  });

  /** Everything tenant A's people can see: what a foreign call must leave untouched. */
  async function snapshotOfA() {
    const { app } = server;
    return {
      alice: await visibleState(app, alice.token, routes),
      carol: await visibleState(app, carol.token, routes, { "x-ragtime-tenant": tenantA }),
      daveTenants: await ok(app, { method: "GET", url: "/api/v1/tenants", headers: bearer(dave.token) }),
      kb: await ok(app, {
        method: "GET",
        url: `/api/v1/knowledge-bases/${aliceKb}`,
        headers: bearer(alice.token),
      }),
      doc: aliceDoc
        ? await ok(app, { method: "GET", url: `/api/v1/documents/${aliceDoc}`, headers: bearer(alice.token) })
        : undefined,
      chunks: aliceDoc
        ? await ok(app, {
            method: "GET",
            url: `/api/v1/documents/${aliceDoc}/chunks`,
            headers: bearer(alice.token),
          })
        : undefined,
    };
  }

  it("every route taking an id gets tenant A's ids in the matrix", () => {
    expect(idRoutes.length).toBeGreaterThanOrEqual(8);
    for (const route of idRoutes) expect(foreignIdsFor(route).length, route.label).toBeGreaterThan(0);
  });

  it("bob's REST calls with tenant A's ids answer 404/403, leak nothing and change nothing", async () => {
    const { app } = server;
    const before = await snapshotOfA();
    for (const route of idRoutes) {
      for (const target of foreignIdsFor(route)) {
        for (const credential of [bob.token, bobKey.secret]) {
          const res = await app.inject(
            await validRequest(route, target.params, bearer(credential), target.body),
          );
          const context = `${route.label} ${JSON.stringify(target)}: ${res.body.slice(0, 300)}`;
          expect([403, 404], context).toContain(res.statusCode);
          expect(["NOT_FOUND", "FORBIDDEN"], context).toContain(errorOf(res).code);
          for (const secretOfA of [alice.email, carol.email, dave.email, aliceKey.prefix, "alice's"]) {
            expect(res.body, context).not.toContain(secretOfA);
          }
        }
      }
    }
    expect(await snapshotOfA()).toEqual(before);
    // Alice's key still works: the revoke attempts did nothing.
    const me = await app.inject({ method: "GET", url: "/api/v1/users/me", headers: bearer(aliceKey.secret) });
    expect(me.statusCode).toBe(200);
  });

  it("the same calls through tRPC (createCaller) are refused and change nothing", async () => {
    const before = await snapshotOfA();
    const asBob = callerFor(server, { token: bob.token });
    const asBobsKey = callerFor(server, { token: bobKey.secret });
    for (const route of trpcRoutes(idRoutes)) {
      for (const target of foreignIdsFor(route)) {
        for (const caller of [asBob, asBobsKey]) {
          const input = trpcInput(route, target.params, target.body);
          const error = await rejection(callProcedure(caller, route, input));
          expectTrpcError(error, ["NOT_FOUND", "FORBIDDEN"], `${route.procedure} ${JSON.stringify(target)}`);
        }
      }
    }
    expect(await snapshotOfA()).toEqual(before);
  });

  it("a foreign id and an id that exists nowhere get the same answer (no existence leak)", async () => {
    const { app } = server;
    for (const route of idRoutes) {
      for (const target of foreignIdsFor(route)) {
        const call = async ({ params, body }: Target) =>
          app.inject(await validRequest(route, params, bearer(bob.token), body));
        const foreign = await call(target);
        const unknown = await call(unknownTarget(target));
        const context = `${route.label} ${JSON.stringify(target)}`;
        expect(foreign.statusCode, context).toBe(unknown.statusCode);
        expect(errorOf(foreign).message, context).toBe(errorOf(unknown).message);
      }
    }
  });

  it("x-ragtime-tenant naming a workspace the user is not in is 404 on every protected route", async () => {
    const { app } = server;
    const before = await snapshotOfA();
    for (const route of protectedRoutes) {
      for (const tenantId of [tenantA, randomId()]) {
        const headers = { ...bearer(bob.token), "x-ragtime-tenant": tenantId };
        const res = await app.inject(await validRequest(route, somePathParams(route), headers));
        expect(res.statusCode, `${route.label}: ${res.body}`).toBe(404);
        expect(errorOf(res).code).toBe("NOT_FOUND");
        expect(res.body).not.toContain(alice.email);
      }
      if (route.procedure !== undefined) {
        const caller = callerFor(server, { token: bob.token, tenantId: tenantA });
        const error = await rejection(callProcedure(caller, route, trpcInput(route, somePathParams(route))));
        expectTrpcError(error, ["NOT_FOUND"], route.label);
      }
    }
    // Invited but not yet accepted gives no access either.
    const invited = await app.inject({
      method: "GET",
      url: "/api/v1/team/members",
      headers: { ...bearer(dave.token), "x-ragtime-tenant": tenantA },
    });
    expect(invited.statusCode).toBe(404);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("an API key ignores x-ragtime-tenant: it acts in its own workspace only", async () => {
    const { app } = server;
    const headers = { ...bearer(bobKey.secret), "x-ragtime-tenant": tenantA };
    const current = await ok(app, { method: "GET", url: "/api/v1/tenants/current", headers });
    expect(current).toMatchObject({ id: tenantB });
    const members = await app.inject({ method: "GET", url: "/api/v1/team/members", headers });
    expect(members.statusCode).toBe(200);
    expect(members.body).not.toContain(alice.email);
    expect(members.body).toContain(bob.email);
  });

  it("no list shows bob anything of tenant A", async () => {
    const state = JSON.stringify(await visibleState(server.app, bob.token, routes));
    expect(state).toContain(bob.email);
    for (const foreign of [
      tenantA,
      alice.userId,
      alice.email,
      carol.email,
      aliceKey.id,
      aliceKey.prefix,
      aliceKb,
    ]) {
      expect(state).not.toContain(foreign);
    }
  });

  describe("anonymous and bad credentials", () => {
    const badCredentials = (): Array<[string, Record<string, string>]> => [
      ["no credentials", {}],
      ["a garbage bearer token", bearer("garbage")],
      ["a garbage API key", bearer("rt-thisisnotakeyatall")],
      ["a revoked API key", bearer(revokedKey)],
      ["a signed-out session", bearer(signedOutToken)],
      ["a garbage session cookie", { cookie: "ragtime_session=garbage" }],
      ["a malformed Authorization header", { authorization: "Basic Ym9iOnB3" }],
    ];

    it("there are protected routes to check", () => {
      expect(protectedRoutes.length).toBeGreaterThan(10);
    });

    it.each(protectedRoutes.map((r) => [r.label, r] as const))(
      "REST %s answers 401",
      async (_label, route) => {
        for (const [what, headers] of badCredentials()) {
          const options = await validRequest(route, somePathParams(route), {
            ...headers,
            "accept-language": "fr",
          });
          const res = await server.app.inject(options);
          expect(res.statusCode, `${what}: ${res.body}`).toBe(401);
          const error = errorOf(res);
          expect(error.code).toBe("UNAUTHORIZED");
          expect(error.message).toMatch(/connecter/);
        }
      },
    );

    it.each(trpcRoutes(protectedRoutes).map((r) => [r.procedure, r] as const))(
      "tRPC %s answers 401 over HTTP and UNAUTHORIZED through createCaller",
      async (procedure, route) => {
        expect(procedureType(procedure), `${procedure} is not a tRPC procedure`).toBeDefined();
        const input = trpcInput(route, somePathParams(route));
        for (const [what, headers] of badCredentials()) {
          const res = await injectTrpc(server.app, procedure ?? "", { headers, input });
          expect(res.statusCode, `${what}: ${res.body}`).toBe(401);
          expect(res.body).toContain("UNAUTHORIZED");
        }
        for (const token of [undefined, "garbage", revokedKey, signedOutToken]) {
          const error = await rejection(callProcedure(callerFor(server, { token }), route, input));
          expectTrpcError(error, ["UNAUTHORIZED"], `${procedure} with ${token ?? "no token"}`);
        }
      },
    );

    it.each(publicRoutes.map((r) => [r.label, r] as const))(
      "public %s does not ask for credentials (so its document entry is truthful)",
      async (_label, route) => {
        const res = await server.app.inject({
          method: route.method,
          url: restUrl(route, somePathParams(route)),
          ...(route.body ? { payload: {} } : {}),
        });
        expect(res.statusCode, res.body).not.toBe(401);
        expect(res.statusCode).toBeLessThan(500);
      },
    );
  });
});
