import { changeMemberRole } from "@ragtime/core";
import { ZChangeRoleInput, ZMember } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const changeRoleProcedure = authedProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/team/members/{userId}",
      tags: ["team"],
      summary: "Make a member an admin or back (owner/admin)",
      protect: true,
    },
  })
  .input(ZChangeRoleInput)
  .output(ZMember)
  .mutation(({ ctx, input }) => changeMemberRole(ctx.deps, { ...input, actor: ctx.actor }));
