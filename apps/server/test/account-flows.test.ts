/**
 * The account flows of SPEC §8 as a user lives them: teams and invitations, roles, leaving,
 * password change and reset, rate limits, closed registration, localized errors, and the whole
 * register → key → revoke path through the typed tRPC client over real HTTP.
 */
import { type Language, translate } from "@ragtime/core";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { AppRouter } from "../src/routers/router";
import { startTestServer, type TestServer, testBackends } from "../src/testing";
import {
  bearer,
  createKey,
  errorOf,
  injectTrpc,
  ok,
  type SignedIn,
  sharedConnection,
  signIn,
  signUp,
  tenantOf,
} from "./helpers";

const ZMembers = z.array(z.object({ userId: z.string(), email: z.string(), role: z.string() }));
const ZMemberships = z.array(z.object({ tenantId: z.string(), role: z.string() }));

/** The message of `key` in `lang`, as the server must answer it. */
const message = (key: Parameters<typeof translate>[0], lang: Language, params?: Record<string, string>) =>
  translate(key, lang, params);

function expectError(res: LightMyRequestResponse, status: number, text?: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = errorOf(res);
  if (text !== undefined) expect(body.message).toBe(text);
  return body;
}

describe.each(testBackends())("account flows ($dialect)", (backend) => {
  let server: TestServer;
  /** Same database, AUTH_RATE_LIMIT_PER_IP 3 and AUTH_RATE_LIMIT_PER_EMAIL 2. */
  let limited: TestServer;
  /** Same database, REGISTRATION_ENABLED false. */
  let closed: TestServer;

  beforeAll(async () => {
    const connection = await backend.open();
    server = await startTestServer(connection);
    limited = await startTestServer(sharedConnection(connection), {
      config: { AUTH_RATE_LIMIT_PER_IP: 3, AUTH_RATE_LIMIT_PER_EMAIL: 2 },
    });
    closed = await startTestServer(sharedConnection(connection), { config: { REGISTRATION_ENABLED: false } });
  });
  afterAll(async () => {
    await limited?.close();
    await closed?.close();
    await server?.close();
  });

  const get = (url: string, headers: Record<string, string>) =>
    server.app.inject({ method: "GET", url, headers });
  const members = async (token: string) =>
    ZMembers.parse(
      await ok(server.app, { method: "GET", url: "/api/v1/team/members", headers: bearer(token) }),
    );
  const memberships = async (token: string) =>
    ZMemberships.parse(
      await ok(server.app, { method: "GET", url: "/api/v1/tenants", headers: bearer(token) }),
    );

  describe("teams", () => {
    let olga: SignedIn;
    let ivan: SignedIn;
    let tess: SignedIn;
    let workspace: string;
    const inWorkspace = (token: string) => ({ ...bearer(token), "x-ragtime-tenant": workspace });

    beforeAll(async () => {
      olga = await signUp(server.app, "olga@teams.example");
      ivan = await signUp(server.app, "ivan@teams.example");
      tess = await signUp(server.app, "tess@teams.example");
      workspace = await tenantOf(server.app, olga.token);
    });

    it("an invitee sees the invitation, has no access until they accept, then has it", async () => {
      const invited = await server.app.inject({
        method: "POST",
        url: "/api/v1/team/members",
        headers: bearer(olga.token),
        payload: { email: "Ivan@Teams.Example" },
      });
      expect(invited.statusCode, invited.body).toBe(200);
      expect(invited.json()).toMatchObject({ userId: ivan.userId, role: "invited", invitedBy: olga.userId });
      expect(await members(olga.token)).toContainEqual(
        expect.objectContaining({ userId: ivan.userId, role: "invited" }),
      );
      expect(await memberships(ivan.token)).toContainEqual(
        expect.objectContaining({ tenantId: workspace, role: "invited" }),
      );

      for (const url of ["/api/v1/tenants/current", "/api/v1/team/members", "/api/v1/knowledge-bases"]) {
        expectError(await get(url, inWorkspace(ivan.token)), 404);
      }
      // Without the header ivan is in his own workspace, not olga's.
      expect(await tenantOf(server.app, ivan.token)).not.toBe(workspace);

      const accepted = await server.app.inject({
        method: "POST",
        url: `/api/v1/tenants/${workspace}/accept`,
        headers: bearer(ivan.token),
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
      const current = await ok(server.app, {
        method: "GET",
        url: "/api/v1/tenants/current",
        headers: inWorkspace(ivan.token),
      });
      expect(current).toMatchObject({ id: workspace, role: "member" });
      expect(await memberships(ivan.token)).toContainEqual(
        expect.objectContaining({ tenantId: workspace, role: "member" }),
      );
      // Accepting twice: there is no pending invitation any more.
      const again = await server.app.inject({
        method: "POST",
        url: `/api/v1/tenants/${workspace}/accept`,
        headers: bearer(ivan.token),
      });
      expectError(again, 404, message("error.notInvited", "en"));
    });

    it("inviting a stranger's e-mail or a member again is refused with a clear message", async () => {
      const unknown = await server.app.inject({
        method: "POST",
        url: "/api/v1/team/members",
        headers: bearer(olga.token),
        payload: { email: "nobody@teams.example" },
      });
      expect(expectError(unknown, 404, message("error.noSuchInvitee", "en")).data?.field).toBe("email");
      const twice = await server.app.inject({
        method: "POST",
        url: "/api/v1/team/members",
        headers: bearer(olga.token),
        payload: { email: ivan.email },
      });
      expectError(twice, 409, message("error.alreadyMember", "en"));
    });

    it("a member cannot invite, manage keys or change the workspace: 403 in their language", async () => {
      const olgaKey = await createKey(server.app, olga.token, "olga's");
      await ok(server.app, {
        method: "PATCH",
        url: "/api/v1/users/me",
        headers: bearer(ivan.token),
        payload: { language: "fr" },
      });
      try {
        const attempts = [
          { method: "POST" as const, url: "/api/v1/team/members", payload: { email: tess.email } },
          { method: "POST" as const, url: "/api/v1/api-keys", payload: { name: "mine" } },
          { method: "GET" as const, url: "/api/v1/api-keys" },
          { method: "DELETE" as const, url: `/api/v1/api-keys/${olgaKey.id}` },
          { method: "PATCH" as const, url: "/api/v1/tenants/current", payload: { name: "Ivan's now" } },
          {
            method: "PATCH" as const,
            url: `/api/v1/team/members/${ivan.userId}`,
            payload: { role: "admin" },
          },
        ];
        for (const attempt of attempts) {
          const res = await server.app.inject({ ...attempt, headers: inWorkspace(ivan.token) });
          expectError(res, 403, message("error.forbiddenRole", "fr"));
        }
      } finally {
        await ok(server.app, {
          method: "PATCH",
          url: "/api/v1/users/me",
          headers: bearer(ivan.token),
          payload: { language: "en" },
        });
      }
      expect((await get("/api/v1/users/me", bearer(olgaKey.secret))).statusCode).toBe(200);
      expect(await tenantOf(server.app, olga.token)).toBe(workspace);
      expect(await members(olga.token)).not.toContainEqual(expect.objectContaining({ userId: tess.userId }));
    });

    it("the owner can be neither removed nor demoted, even by an admin, and cannot leave", async () => {
      const promoted = await ok(server.app, {
        method: "PATCH",
        url: `/api/v1/team/members/${ivan.userId}`,
        headers: bearer(olga.token),
        payload: { role: "admin" },
      });
      expect(promoted).toMatchObject({ userId: ivan.userId, role: "admin" });
      const owner = message("error.ownerImmutable", "en");
      const asAdmin = inWorkspace(ivan.token);
      expectError(
        await server.app.inject({
          method: "DELETE",
          url: `/api/v1/team/members/${olga.userId}`,
          headers: asAdmin,
        }),
        403,
        owner,
      );
      expectError(
        await server.app.inject({
          method: "PATCH",
          url: `/api/v1/team/members/${olga.userId}`,
          headers: asAdmin,
          payload: { role: "member" },
        }),
        403,
        owner,
      );
      expectError(
        await server.app.inject({
          method: "DELETE",
          url: `/api/v1/team/members/${olga.userId}`,
          headers: bearer(olga.token),
        }),
        403,
        owner,
      );
      expectError(
        await server.app.inject({
          method: "POST",
          url: `/api/v1/tenants/${workspace}/leave`,
          headers: bearer(olga.token),
        }),
        403,
        owner,
      );
      expect(await members(olga.token)).toContainEqual(
        expect.objectContaining({ userId: olga.userId, role: "owner" }),
      );
    });

    it("an invitee can decline; a member can leave, and their API keys stop working", async () => {
      await ok(server.app, {
        method: "POST",
        url: "/api/v1/team/members",
        headers: bearer(olga.token),
        payload: { email: tess.email },
      });
      await ok(server.app, {
        method: "POST",
        url: `/api/v1/tenants/${workspace}/leave`,
        headers: bearer(tess.token),
      });
      expect(await members(olga.token)).not.toContainEqual(expect.objectContaining({ userId: tess.userId }));
      expect(await memberships(tess.token)).not.toContainEqual(
        expect.objectContaining({ tenantId: workspace }),
      );

      // ivan is an admin of olga's workspace: his key there works until he leaves.
      const ivanKey = await ok(server.app, {
        method: "POST",
        url: "/api/v1/api-keys",
        headers: inWorkspace(ivan.token),
        payload: { name: "ivan in olga's" },
      });
      const secret = z.object({ secret: z.string() }).parse(ivanKey).secret;
      expect(
        await ok(server.app, { method: "GET", url: "/api/v1/tenants/current", headers: bearer(secret) }),
      ).toMatchObject({ id: workspace });
      await ok(server.app, {
        method: "POST",
        url: `/api/v1/tenants/${workspace}/leave`,
        headers: bearer(ivan.token),
      });
      expectError(await get("/api/v1/tenants/current", inWorkspace(ivan.token)), 404);
      expectError(await get("/api/v1/users/me", bearer(secret)), 401);
      expect(await members(olga.token)).not.toContainEqual(expect.objectContaining({ userId: ivan.userId }));
      // Leaving twice: not a member any more.
      expectError(
        await server.app.inject({
          method: "POST",
          url: `/api/v1/tenants/${workspace}/leave`,
          headers: bearer(ivan.token),
        }),
        404,
      );
    });
  });

  describe("passwords", () => {
    it("changing the password signs other sessions out and keeps this one", async () => {
      const pat = await signUp(server.app, "pat@passwords.example", { password: "pat's first pw" });
      const other = await signIn(server.app, pat.email, "pat's first pw");
      const third = await signIn(server.app, pat.email, "pat's first pw");
      const wrong = await server.app.inject({
        method: "POST",
        url: "/api/v1/users/me/password",
        headers: bearer(pat.token),
        payload: { currentPassword: "not it at all", newPassword: "pat's second pw" },
      });
      expect(expectError(wrong, 400, message("error.wrongPassword", "en")).data?.field).toBe(
        "currentPassword",
      );
      expect((await get("/api/v1/users/me", bearer(other))).statusCode).toBe(200);

      await ok(server.app, {
        method: "POST",
        url: "/api/v1/users/me/password",
        headers: bearer(pat.token),
        payload: { currentPassword: "pat's first pw", newPassword: "pat's second pw" },
      });
      expect((await get("/api/v1/users/me", bearer(pat.token))).statusCode).toBe(200);
      for (const token of [other, third]) expectError(await get("/api/v1/users/me", bearer(token)), 401);
      const old = await server.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: pat.email, password: "pat's first pw" },
      });
      expectError(old, 401, message("error.invalidCredentials", "en"));
      expect(await signIn(server.app, pat.email, "pat's second pw")).toMatch(/\S{20,}/);
    });

    it("a reset link is e-mailed, works once, expires, and signs every session out", async () => {
      const { app, mails } = server;
      const rita = await signUp(app, "rita@passwords.example", { password: "rita's first pw" });
      const sent = mails.length;
      const asked = await ok(app, {
        method: "POST",
        url: "/api/v1/auth/password-reset",
        payload: { email: "RITA@passwords.example" },
      });
      const stranger = await ok(app, {
        method: "POST",
        url: "/api/v1/auth/password-reset",
        payload: { email: "stranger@passwords.example" },
      });
      // Same answer whether the account exists or not; only the real one gets an e-mail.
      expect(stranger).toEqual(asked);
      expect(mails.length).toBe(sent + 1);
      const mail = mails.at(-1);
      expect(mail?.to).toBe(rita.email);
      const link = mail?.text.match(/https?:\/\/\S+/)?.[0] ?? "";
      expect(link.startsWith(`${server.deps.config.PUBLIC_URL}/reset-password?token=`)).toBe(true);
      const token = new URL(link).searchParams.get("token") ?? "";

      const reset = (t: string, newPassword: string) =>
        app.inject({
          method: "POST",
          url: "/api/v1/auth/password-reset/confirm",
          payload: { token: t, newPassword },
        });
      expect((await reset(token, "rita's second pw")).statusCode).toBe(200);
      expectError(await get("/api/v1/users/me", bearer(rita.token)), 401);
      expect(await signIn(app, rita.email, "rita's second pw")).toBeTruthy();

      const used = await reset(token, "rita's third pw");
      expect(expectError(used, 400, message("error.resetTokenInvalid", "en")).data?.field).toBe("token");
      const forged = await reset("x".repeat(40), "rita's third pw");
      expect(expectError(forged, 400).data?.field).toBe("token");

      await ok(app, { method: "POST", url: "/api/v1/auth/password-reset", payload: { email: rita.email } });
      const fresh =
        new URL(mails.at(-1)?.text.match(/https?:\/\/\S+/)?.[0] ?? "").searchParams.get("token") ?? "";
      const realNow = server.deps.now;
      server.deps.now = () => new Date(realNow().getTime() + 61 * 60_000);
      try {
        expect(expectError(await reset(fresh, "rita's third pw"), 400).data?.field).toBe("token");
      } finally {
        server.deps.now = realNow;
      }
      // Refused resets changed nothing.
      expect(await signIn(app, rita.email, "rita's second pw")).toBeTruthy();
    });

    it("the session cookie signs in alone, and logout ends it", async () => {
      await signUp(server.app, "cookie@passwords.example", { password: "cookie monster" });
      const login = await server.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: "cookie@passwords.example", password: "cookie monster" },
      });
      const cookie = String(login.headers["set-cookie"]).split(";")[0] ?? "";
      expect(cookie).toMatch(/^ragtime_session=\S+/);
      expect(String(login.headers["set-cookie"])).toMatch(/HttpOnly/i);
      expect((await get("/api/v1/users/me", { cookie })).statusCode).toBe(200);
      const out = await server.app.inject({
        method: "POST",
        url: "/api/v1/auth/logout",
        headers: { cookie },
      });
      expect(out.statusCode).toBe(200);
      expect(String(out.headers["set-cookie"])).toMatch(/ragtime_session=;/);
      expectError(await get("/api/v1/users/me", { cookie }), 401);
    });
  });

  describe("rate limits (3 per IP a minute, 2 per e-mail)", () => {
    const attempt = (ip: string, email: string, password: string, lang: Language = "en") =>
      limited.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        remoteAddress: ip,
        headers: { "accept-language": lang },
        payload: { email, password },
      });

    it("a fourth sign-in from one address is 429 with a retry hint, even with the right password", async () => {
      await signUp(server.app, "lim@limits.example", { password: "right password" });
      await signUp(server.app, "en-lim@limits.example", { password: "right password" });
      const emails = ["a@limits.example", "b@limits.example", "c@limits.example"];
      for (const email of emails) expectError(await attempt("10.0.0.1", email, "wrong password"), 401);
      for (const lang of ["en", "fr"] as const) {
        // Blocked attempts count too: a different e-mail each time keeps lim@ under its own limit.
        const blocked = await attempt("10.0.0.1", `${lang}-lim@limits.example`, "right password", lang);
        const body = expectError(blocked, 429);
        expect(body.data?.code).toBe("RATE_LIMITED");
        const seconds = Number(body.message.match(/(\d+)/)?.[1]);
        expect(seconds).toBeGreaterThanOrEqual(1);
        expect(seconds).toBeLessThanOrEqual(60);
        expect(body.message).toBe(message("error.rateLimited", lang, { seconds: String(seconds) }));
      }
      // Another address is not affected.
      expect((await attempt("10.0.0.2", "lim@limits.example", "right password")).statusCode).toBe(200);
    });

    it("a third attempt on one e-mail is 429 whatever the address", async () => {
      expectError(await attempt("10.0.1.1", "target@limits.example", "guess one"), 401);
      expectError(await attempt("10.0.1.2", "target@limits.example", "guess two"), 401);
      expectError(await attempt("10.0.1.3", "target@limits.example", "guess three"), 429);
      expectError(await attempt("10.0.1.3", "other@limits.example", "guess"), 401);
    });

    it("registration and reset requests are limited per address too, over tRPC as well", async () => {
      for (let i = 0; i < 3; i += 1) {
        const res = await limited.app.inject({
          method: "POST",
          url: "/api/v1/auth/register",
          remoteAddress: "10.0.2.1",
          payload: { email: `reg${i}@limits.example`, password: "long enough" },
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      const fourth = await limited.app.inject({
        method: "POST",
        url: "/api/v1/auth/register",
        remoteAddress: "10.0.2.1",
        payload: { email: "reg4@limits.example", password: "long enough" },
      });
      expectError(fourth, 429);
      expectError(await attempt("10.0.9.9", "reg4@limits.example", "long enough"), 401);
      for (let i = 0; i < 3; i += 1) {
        const res = await limited.app.inject({
          method: "POST",
          url: "/api/v1/auth/password-reset",
          remoteAddress: "10.0.3.1",
          payload: { email: `r${i}@limits.example` },
        });
        expect(res.statusCode).toBe(200);
      }
      const viaTrpc = await limited.app.inject({
        method: "POST",
        url: "/trpc/auth.requestPasswordReset",
        remoteAddress: "10.0.3.1",
        headers: { "content-type": "application/json" },
        payload: { email: "r4@limits.example" },
      });
      expect(viaTrpc.statusCode).toBe(429);
      expect(viaTrpc.body).toContain("RATE_LIMITED");
    });
  });

  it("with registration disabled, signing up is 403 and creates nothing; signing in still works", async () => {
    await signUp(server.app, "early@closed.example", { password: "early bird" });
    const refused = await closed.app.inject({
      method: "POST",
      url: "/api/v1/auth/register",
      headers: { "accept-language": "zh" },
      payload: { email: "late@closed.example", password: "late comer" },
    });
    expectError(refused, 403, message("error.registrationDisabled", "zh"));
    const ghost = await closed.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "late@closed.example", password: "late comer" },
    });
    expectError(ghost, 401);
    expect(await signIn(closed.app, "early@closed.example", "early bird")).toBeTruthy();
  });

  describe("localized errors", () => {
    it("an anonymous caller gets the language of Accept-Language (en when none is supported)", async () => {
      const cases: Array<[string, Language]> = [
        ["fr", "fr"],
        ["zh-CN,zh;q=0.9", "zh"],
        ["de-DE,fr;q=0.5", "fr"],
        ["de", "en"],
        ["", "en"],
      ];
      for (const [header, lang] of cases) {
        const res = await server.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          headers: header ? { "accept-language": header } : {},
          payload: { email: "nobody@i18n.example", password: "whatever" },
        });
        expectError(res, 401, message("error.invalidCredentials", lang));
        const trpc = await injectTrpc(server.app, "auth.login", {
          headers: header ? { "accept-language": header } : {},
          input: { email: "nobody@i18n.example", password: "whatever" },
        });
        expect(trpc.statusCode).toBe(401);
        expect(trpc.json()).toMatchObject({ error: { message: message("error.invalidCredentials", lang) } });
      }
      const route = await server.app.inject({
        method: "GET",
        url: "/no/such/page",
        headers: { "accept-language": "fr" },
      });
      expectError(route, 404, message("error.notFound", "fr", { entity: "entity.route" }));
    });

    it("a signed-in user gets their profile language, whatever the browser says", async () => {
      const mei = await signUp(server.app, "mei@i18n.example", { language: "zh" });
      const headers = { ...bearer(mei.token), "accept-language": "fr" };
      const missing = await server.app.inject({
        method: "DELETE",
        url: `/api/v1/api-keys/${"0".repeat(32)}`,
        headers,
      });
      expectError(missing, 404, message("error.notFound", "zh", { entity: "entity.apiKey" }));
      const invalid = await server.app.inject({
        method: "PATCH",
        url: "/api/v1/users/me",
        headers,
        payload: { language: "xx" },
      });
      expect(
        expectError(invalid, 400).message.startsWith(
          translate("error.invalidField", "zh", { field: "language", reason: "" }),
        ),
      ).toBe(true);
      await ok(server.app, {
        method: "PATCH",
        url: "/api/v1/users/me",
        headers,
        payload: { language: "fr" },
      });
      const again = await server.app.inject({
        method: "DELETE",
        url: `/api/v1/api-keys/${"0".repeat(32)}`,
        headers: bearer(mei.token),
      });
      expectError(again, 404, message("error.notFound", "fr", { entity: "entity.apiKey" }));
    });
  });

  it("register → login → API key → revoke through the typed tRPC client over HTTP", async () => {
    const base = await server.listen();
    const client = (headers: Record<string, string>) =>
      createTRPCClient<AppRouter>({
        links: [httpBatchLink({ url: `${base}/trpc`, headers: () => headers })],
      });
    const anonymous = client({});
    await anonymous.auth.register.mutate({ email: "http@client.example", password: "over the wire" });
    const session = await anonymous.auth.login.mutate({
      email: "http@client.example",
      password: "over the wire",
    });
    const asUser = client(bearer(session.token));
    const key = await asUser.apiKeys.create.mutate({ name: "http" });
    expect(key.secret).toMatch(/^rt-/);
    const asKey = client(bearer(key.secret));
    expect((await asKey.users.me.query()).email).toBe("http@client.example");
    const [me, keys] = await Promise.all([asUser.users.me.query(), asUser.apiKeys.list.query()]);
    expect(me.id).toBe(session.user.id);
    expect(keys.map((k) => k.id)).toContain(key.id);
    expect(JSON.stringify(keys)).not.toContain(key.secret);
    await asUser.apiKeys.revoke.mutate({ id: key.id });

    const refused = await asKey.users.me.query().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TRPCClientError);
    const { data, message: text } = refused as TRPCClientError<AppRouter>;
    expect(data?.httpStatus).toBe(401);
    expect(data?.code).toBe("UNAUTHORIZED");
    expect(text).toBe(message("error.unauthorized", "en"));

    const french = client({ "accept-language": "fr" });
    const wrong = await french.auth.login
      .mutate({ email: "http@client.example", password: "nope nope" })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect((wrong as TRPCClientError<AppRouter>).message).toBe(message("error.invalidCredentials", "fr"));
  });
});
