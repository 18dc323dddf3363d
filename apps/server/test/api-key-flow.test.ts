import { testBackends } from "@ragtime/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";

describe.each(testBackends())("register → login → API key → revoke over REST ($dialect)", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(await backend.open());
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a revoked key is refused with 401", async () => {
    const { app } = server;
    const reg = await app.inject({
      method: "POST",
      url: "/api/v1/auth/register",
      payload: { email: "Ada@Example.com", password: "correct horse" },
    });
    expect(reg.statusCode).toBe(200);
    expect(reg.json().user.email).toBe("ada@example.com");
    expect(reg.body).not.toContain("correct horse");

    const login = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "ada@example.com", password: "correct horse" },
    });
    expect(login.statusCode).toBe(200);
    const token: string = login.json().token;
    expect(login.headers["set-cookie"]).toMatch(/ragtime_session=.*HttpOnly.*SameSite=Lax/i);

    const created = await app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: { authorization: `Bearer ${token}` },
      payload: { name: "ci" },
    });
    expect(created.statusCode).toBe(200);
    const { secret, id } = created.json();
    expect(secret).toMatch(/^rt-/);

    const me = await app.inject({
      method: "GET",
      url: "/api/v1/users/me",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe("ada@example.com");

    const listed = await app.inject({
      method: "GET",
      url: "/api/v1/api-keys",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(listed.body).not.toContain(secret);
    expect(listed.json()[0].prefix).toBe(secret.slice(0, 11));

    const revoked = await app.inject({
      method: "DELETE",
      url: `/api/v1/api-keys/${id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.statusCode).toBe(200);

    const refused = await app.inject({
      method: "GET",
      url: "/api/v1/users/me",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toMatch(/sign in/i);
  });
});
