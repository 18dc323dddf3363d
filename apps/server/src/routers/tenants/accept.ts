import { acceptInvitation } from "@ragtime/core";
import { ZOk, ZTenantIdInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const acceptInvitationProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/tenants/{tenantId}/accept",
      tags: ["tenants"],
      summary: "Accept an invitation to a workspace",
      protect: true,
    },
  })
  .input(ZTenantIdInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => acceptInvitation(ctx.deps, { ...input, actor: ctx.actor }));
