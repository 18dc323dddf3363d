import { startTestServer, type TestServer, testBackends } from "@ragtime/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorOf, createClient } from "../src/index";

// The client against a real server on a real port: what a developer's program does.
describe("@ragtime/client against a running server", () => {
  let server: TestServer;
  let url: string;
  beforeAll(async () => {
    const [pglite] = testBackends();
    if (!pglite) throw new Error("no PGlite backend");
    server = await startTestServer(await pglite.open());
    url = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("register → login → create API key → me with the key → revoke → 401", async () => {
    const anonymous = createClient({ url });
    await anonymous.auth.register.mutate({ email: "grace@example.com", password: "hopper-1906" });
    const session = await anonymous.auth.login.mutate({
      email: "grace@example.com",
      password: "hopper-1906",
    });

    const asPerson = createClient({ url, sessionToken: session.token });
    const key = await asPerson.apiKeys.create.mutate({ name: "script" });
    expect(key.secret).toMatch(/^rt-[a-z0-9]+$/);

    const asProgram = createClient({ url, apiKey: key.secret });
    const me = await asProgram.users.me.query();
    expect(me.email).toBe("grace@example.com");
    // Types flow from the server: `me.createdAt` is a string, `me.language` a union.
    const lang: "en" | "fr" | "zh" = me.language;
    expect(lang).toBe("en");

    await asPerson.apiKeys.revoke.mutate({ id: key.id });
    const error = await asProgram.users.me.query().catch((e: unknown) => e);
    expect(apiErrorOf(error)).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
  });

  it("errors come back localized with their stable code", async () => {
    const french = createClient({ url, language: "fr" });
    const error = await french.auth.login
      .mutate({ email: "nobody@example.com", password: "whatever1" })
      .catch((e: unknown) => e);
    expect(apiErrorOf(error)).toMatchObject({
      code: "UNAUTHORIZED",
      message: "E-mail ou mot de passe incorrect.",
    });

    const invalid = await french.auth.register
      .mutate({ email: "not-an-email", password: "x" })
      .catch((e: unknown) => e);
    expect(apiErrorOf(invalid)?.httpStatus).toBe(400);
    expect(apiErrorOf(invalid)?.message).toContain("email");
  });
});
