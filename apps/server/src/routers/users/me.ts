import { getMe } from "@ragtime/core";
import { ZUser } from "@ragtime/core/schemas";
import { z } from "zod";
import { authedProcedure } from "../../trpc";

export const meProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/users/me",
      tags: ["users"],
      summary: "The signed-in user (or the API key's creator)",
      protect: true,
    },
  })
  .input(z.void())
  .output(ZUser)
  .query(({ ctx }) => getMe(ctx.deps, { actor: ctx.actor }));
