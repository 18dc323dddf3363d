import { leaveTenant } from "@ragtime/core";
import { ZOk, ZTenantIdInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const leaveTenantProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/tenants/{tenantId}/leave",
      tags: ["tenants"],
      summary: "Leave a workspace or decline its invitation",
      protect: true,
    },
  })
  .input(ZTenantIdInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => leaveTenant(ctx.deps, { ...input, actor: ctx.actor }));
