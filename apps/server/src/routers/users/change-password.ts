import { changePassword } from "@ragtime/core";
import { ZChangePasswordInput, ZOk } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const changePasswordProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/users/me/password",
      tags: ["users"],
      summary: "Change password; other sessions are signed out",
      protect: true,
    },
  })
  .input(ZChangePasswordInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => changePassword(ctx.deps, { ...input, actor: ctx.actor }));
