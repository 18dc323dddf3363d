import { requestPasswordReset } from "@ragtime/core";
import { ZOk, ZRequestPasswordResetInput } from "@ragtime/core/schemas";
import { publicProcedure } from "../../trpc";

export const requestPasswordResetProcedure = publicProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/auth/password-reset",
      tags: ["auth"],
      summary: "E-mail a password reset link (same answer whether the account exists or not)",
      // Public: without this the OpenAPI document would claim it needs a bearer token.
      protect: false,
    },
  })
  .input(ZRequestPasswordResetInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => requestPasswordReset(ctx.deps, { ...input, ip: ctx.ip }));
