import { updateTenant } from "@ragtime/core";
import { ZTenant, ZUpdateTenantInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const updateTenantProcedure = authedProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/tenants/current",
      tags: ["tenants"],
      summary: "Rename the workspace or set its default models (owner/admin)",
      protect: true,
    },
  })
  .input(ZUpdateTenantInput)
  .output(ZTenant)
  .mutation(({ ctx, input }) => updateTenant(ctx.deps, { ...input, actor: ctx.actor }));
