import { updateProfile } from "@ragtime/core";
import { ZUpdateProfileInput, ZUser } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const updateProfileProcedure = authedProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/users/me",
      tags: ["users"],
      summary: "Change nickname, avatar, language or time zone",
      protect: true,
    },
  })
  .input(ZUpdateProfileInput)
  .output(ZUser)
  .mutation(({ ctx, input }) => updateProfile(ctx.deps, { ...input, actor: ctx.actor }));
