/**
 * Passwords, session tokens, API key secrets and reset tokens never appear in an answer (other
 * than the one that hands them out) nor in any log line; an internal error reaches the client as
 * the generic localized message, without SQL or stack. The server logs through the process logger
 * (`createLogger`, same redaction and serializers) into memory, at trace level.
 */
import { type Language, translate } from "@ragtime/core";
import type { Database, DatabaseConnection } from "@ragtime/db";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../src/app";
import { startTestServer, type TestServer, testBackends } from "../src/testing";
import { bearer, errorOf, injectTrpc, signIn } from "./helpers";

type Exchange = { label: string; res: LightMyRequestResponse; allowed: string[] };

const ZLogLine = z
  .object({ level: z.number(), reqId: z.string().optional(), msg: z.string().optional() })
  .loose();

describe.each(testBackends())("secrets stay secret ($dialect)", (backend) => {
  let server: TestServer;
  let connection: DatabaseConnection;
  let isClosed = false;
  const logLines: string[] = [];
  const exchanges: Exchange[] = [];
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    const real = await backend.open();
    // The last test closes the database under the running server; the harness must not close it twice.
    connection = {
      ...real,
      close: async () => {
        if (isClosed) return;
        isClosed = true;
        await real.close();
      },
    };
    const logger = createLogger("trace", { write: (line: string) => void logLines.push(line) });
    server = await startTestServer(connection, { loggerInstance: logger });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Sends a request and records its answer; `allowed` are the secrets this answer may carry. */
  async function call(label: string, options: InjectOptions, allowed: string[] = []) {
    const res = await server.app.inject(options);
    exchanges.push({ label, res, allowed });
    return res;
  }

  const logs = () => logLines.map((line) => ZLogLine.parse(JSON.parse(line)));

  it("walks through every credential-handling flow", async () => {
    const { app } = server;
    const email = "ada@secrets.example";
    const passwords = { first: "first secret pw", wrong: "wrong secret pw", second: "second secret pw" };
    for (const [name, value] of Object.entries(passwords)) secrets.set(`password ${name}`, value);

    const registered = await call("register", {
      method: "POST",
      url: "/api/v1/auth/register",
      payload: { email, password: passwords.first },
    });
    expect(registered.statusCode).toBe(200);
    const registerToken = z.object({ token: z.string() }).parse(registered.json()).token;
    secrets.set("register session", registerToken);
    exchanges[exchanges.length - 1]?.allowed.push(registerToken);

    const login = await call("login", {
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password: passwords.first },
    });
    const token = z.object({ token: z.string() }).parse(login.json()).token;
    secrets.set("login session", token);
    exchanges[exchanges.length - 1]?.allowed.push(token);

    const trpcLogin = await injectTrpc(app, "auth.login", { input: { email, password: passwords.first } });
    expect(trpcLogin.statusCode).toBe(200);
    const trpcToken = z
      .object({ result: z.object({ data: z.object({ token: z.string() }) }) })
      .parse(trpcLogin.json()).result.data.token;
    secrets.set("tRPC session", trpcToken);
    exchanges.push({ label: "tRPC login", res: trpcLogin, allowed: [trpcToken] });

    const wrong = await call("wrong password", {
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password: passwords.wrong },
    });
    expect(wrong.statusCode).toBe(401);
    exchanges.push({
      label: "tRPC wrong password",
      res: await injectTrpc(app, "auth.login", { input: { email, password: passwords.wrong } }),
      allowed: [],
    });

    await call("me", { method: "GET", url: "/api/v1/users/me", headers: bearer(token) });
    exchanges.push({
      label: "tRPC me",
      res: await injectTrpc(app, "users.me", { headers: bearer(trpcToken) }),
      allowed: [],
    });
    const changed = await call("change password", {
      method: "POST",
      url: "/api/v1/users/me/password",
      headers: bearer(token),
      payload: { currentPassword: passwords.first, newPassword: passwords.second },
    });
    expect(changed.statusCode).toBe(200);
    const badChange = await call("change password, wrong current", {
      method: "POST",
      url: "/api/v1/users/me/password",
      headers: bearer(token),
      payload: { currentPassword: passwords.wrong, newPassword: passwords.first },
    });
    expect(badChange.statusCode).toBe(400);

    const created = await call("create key", {
      method: "POST",
      url: "/api/v1/api-keys",
      headers: bearer(token),
      payload: { name: "ci" },
    });
    const key = z.object({ id: z.string(), secret: z.string() }).parse(created.json());
    secrets.set("API key", key.secret);
    exchanges[exchanges.length - 1]?.allowed.push(key.secret);
    expect(
      (await call("use key", { method: "GET", url: "/api/v1/users/me", headers: bearer(key.secret) }))
        .statusCode,
    ).toBe(200);
    await call("list keys", { method: "GET", url: "/api/v1/api-keys", headers: bearer(key.secret) });
    exchanges.push({
      label: "tRPC list keys",
      res: await injectTrpc(app, "apiKeys.list", { headers: bearer(key.secret) }),
      allowed: [],
    });
    await call("revoke key", { method: "DELETE", url: `/api/v1/api-keys/${key.id}`, headers: bearer(token) });
    const revoked = await call("use revoked key", {
      method: "GET",
      url: "/api/v1/users/me",
      headers: bearer(key.secret),
    });
    expect(revoked.statusCode).toBe(401);

    await call("request reset", { method: "POST", url: "/api/v1/auth/password-reset", payload: { email } });
    const mail = server.mails.find((m) => m.to === email);
    const resetToken = mail?.text.match(/token=([^\s&]+)/)?.[1];
    expect(resetToken).toBeDefined();
    const reset = decodeURIComponent(resetToken ?? "");
    secrets.set("reset token", reset);
    secrets.set("password third", "third secret pw");
    const confirmed = await call("confirm reset", {
      method: "POST",
      url: "/api/v1/auth/password-reset/confirm",
      payload: { token: reset, newPassword: "third secret pw" },
    });
    expect(confirmed.statusCode).toBe(200);
    await call("reuse reset token", {
      method: "POST",
      url: "/api/v1/auth/password-reset/confirm",
      payload: { token: reset, newPassword: "fourth secret pw" },
    });
    secrets.set("password fourth", "fourth secret pw");

    const last = await signIn(app, email, "third secret pw");
    secrets.set("last session", last);
    // Clients that put credentials in the query string: the request line is logged without them.
    await call("secrets in the query string", {
      method: "GET",
      url: `/api/v1/users/me?token=${last}&api_key=${key.secret}&password=${encodeURIComponent(passwords.second)}&access_token=${last}`,
    });
    await call("logout", { method: "POST", url: "/api/v1/auth/logout", headers: bearer(last) });
    expect(exchanges.length).toBeGreaterThan(15);
  });

  it("no answer carries a secret other than the one it hands out", () => {
    expect(secrets.size).toBeGreaterThanOrEqual(9);
    for (const { label, res, allowed } of exchanges) {
      const headers = JSON.stringify(res.headers);
      for (const [name, secret] of secrets) {
        if (allowed.includes(secret)) continue;
        expect(res.body, `${label} answer holds the ${name}`).not.toContain(secret);
        expect(headers, `${label} headers hold the ${name}`).not.toContain(secret);
      }
      expect(res.body, label).not.toContain("$argon2");
    }
  });

  it("no log line carries a secret, a password hash or an Authorization header", () => {
    const text = logLines.join("\n");
    // The capture works: every request was logged, with its request id.
    const incoming = logs().filter((l) => l.msg === "incoming request");
    expect(incoming.length).toBeGreaterThanOrEqual(exchanges.length);
    expect(incoming.every((l) => typeof l.reqId === "string")).toBe(true);
    for (const [name, secret] of secrets) expect(text, `the log holds the ${name}`).not.toContain(secret);
    expect(text).not.toContain("$argon2");
    expect(text).not.toMatch(/Bearer /i);
    expect(text).toContain("[redacted]");
  });

  async function expectGenericInternalError(
    res: LightMyRequestResponse,
    lang: Language,
    shape: "rest" | "trpc",
  ) {
    expect(res.statusCode, res.body).toBe(500);
    const raw: unknown = res.json();
    const error =
      shape === "rest"
        ? errorOf(res)
        : z.object({ error: z.object({ message: z.string() }) }).parse(raw).error;
    expect(error.message).toBe(translate("error.internal", lang));
    expect(res.body).not.toMatch(
      /select|insert|password_hash|failed query|params:|stack|\.ts:\d+|node_modules/i,
    );
    // Operators get the details: logged at error level under the same request id.
    const requestId = String(res.headers["x-request-id"]);
    const errorLines = logs().filter((l) => l.level >= 50 && l.reqId === requestId);
    expect(errorLines.length, `no error logged for request ${requestId}`).toBeGreaterThan(0);
  }

  it("an internal error carrying SQL reaches the client as the generic message, in its language", async () => {
    const { app, deps } = server;
    const token = await signIn(app, "ada@secrets.example", "third secret pw");
    const healthy = deps.database;
    const leaky = new Error(
      'Failed query: select "id", "password_hash" from "users" where "email" = $1\nparams: ada@secrets.example',
    );
    const broken: Database = {
      ...healthy,
      get db(): Database["db"] {
        throw leaky;
      },
      transaction: () => Promise.reject(leaky),
    };
    deps.database = broken;
    try {
      const rest = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        headers: { "accept-language": "fr" },
        payload: { email: "ada@secrets.example", password: "third secret pw" },
      });
      await expectGenericInternalError(rest, "fr", "rest");
      const trpc = await injectTrpc(app, "auth.login", {
        headers: { "accept-language": "zh" },
        input: { email: "ada@secrets.example", password: "third secret pw" },
      });
      await expectGenericInternalError(trpc, "zh", "trpc");
      const authed = await app.inject({ method: "GET", url: "/api/v1/users/me", headers: bearer(token) });
      await expectGenericInternalError(authed, "en", "rest");
      expect(logLines.join("\n")).toContain("Failed query");
    } finally {
      deps.database = healthy;
    }
  });

  it("with the database gone: 500 with the generic message, and /healthz says so", async () => {
    const { app } = server;
    const token = await signIn(app, "ada@secrets.example", "third secret pw");
    await connection.close();
    const me = await app.inject({
      method: "GET",
      url: "/api/v1/users/me",
      headers: { ...bearer(token), "accept-language": "fr" },
    });
    await expectGenericInternalError(me, "fr", "rest");
    const login = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "ada@secrets.example", password: "third secret pw" },
    });
    await expectGenericInternalError(login, "en", "rest");
    const trpc = await injectTrpc(app, "users.me", { headers: bearer(token) });
    await expectGenericInternalError(trpc, "en", "trpc");
    const health = await app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: "degraded", database: "unreachable" });
  });
});
