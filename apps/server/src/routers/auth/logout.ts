import { logout } from "@ragtime/core";
import { ZOk } from "@ragtime/core/schemas";
import { z } from "zod";
import { authedProcedure } from "../../trpc";

export const logoutProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/auth/logout",
      tags: ["auth"],
      summary: "End this session",
      protect: true,
    },
  })
  .input(z.void())
  .output(ZOk)
  .mutation(async ({ ctx }) => {
    ctx.session.clear();
    return logout(ctx.deps, { actor: ctx.actor });
  });
