import { inviteMember } from "@ragtime/core";
import { ZInviteMemberInput, ZMember } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const inviteMemberProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/team/members",
      tags: ["team"],
      summary: "Invite an existing account by e-mail (owner/admin)",
      protect: true,
    },
  })
  .input(ZInviteMemberInput)
  .output(ZMember)
  .mutation(({ ctx, input }) => inviteMember(ctx.deps, { ...input, actor: ctx.actor }));
