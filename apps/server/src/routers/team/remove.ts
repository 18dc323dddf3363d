import { removeMember } from "@ragtime/core";
import { ZOk, ZUserIdInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const removeMemberProcedure = authedProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/team/members/{userId}",
      tags: ["team"],
      summary: "Remove a member or withdraw an invitation (owner/admin)",
      protect: true,
    },
  })
  .input(ZUserIdInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => removeMember(ctx.deps, { ...input, actor: ctx.actor }));
