import { resetPassword } from "@ragtime/core";
import { ZOk, ZResetPasswordInput } from "@ragtime/core/schemas";
import { publicProcedure } from "../../trpc";

export const resetPasswordProcedure = publicProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/auth/password-reset/confirm",
      tags: ["auth"],
      summary: "Set a new password with the e-mailed token",
      // Public: without this the OpenAPI document would claim it needs a bearer token.
      protect: false,
    },
  })
  .input(ZResetPasswordInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => resetPassword(ctx.deps, input));
