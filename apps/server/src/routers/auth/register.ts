import { register } from "@ragtime/core";
import { ZRegisterInput, ZSessionOutput } from "@ragtime/core/schemas";
import { publicProcedure } from "../../trpc";

export const registerProcedure = publicProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/auth/register",
      tags: ["auth"],
      summary: "Create an account (and its workspace) and sign in",
      // Public: without this the OpenAPI document would claim it needs a bearer token.
      protect: false,
    },
  })
  .input(ZRegisterInput)
  .output(ZSessionOutput)
  .mutation(async ({ ctx, input }) => {
    const session = await register(ctx.deps, { ...input, ip: ctx.ip, userAgent: ctx.userAgent });
    ctx.session.set(session.token, session.expiresAt);
    return session;
  });
