import { login } from "@ragtime/core";
import { ZLoginInput, ZSessionOutput } from "@ragtime/core/schemas";
import { publicProcedure } from "../../trpc";

export const loginProcedure = publicProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/auth/login",
      tags: ["auth"],
      summary: "Sign in with e-mail and password",
      // Public: without this the OpenAPI document would claim it needs a bearer token.
      protect: false,
    },
  })
  .input(ZLoginInput)
  .output(ZSessionOutput)
  .mutation(async ({ ctx, input }) => {
    const session = await login(ctx.deps, { ...input, ip: ctx.ip, userAgent: ctx.userAgent });
    ctx.session.set(session.token, session.expiresAt);
    return session;
  });
