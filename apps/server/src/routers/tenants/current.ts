import { getTenant } from "@ragtime/core";
import { ZTenant } from "@ragtime/core/schemas";
import { z } from "zod";
import { authedProcedure } from "../../trpc";

export const currentTenantProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/tenants/current",
      tags: ["tenants"],
      summary: "The workspace this call acts in, with its default models",
      protect: true,
    },
  })
  .input(z.void())
  .output(ZTenant)
  .query(({ ctx }) => getTenant(ctx.deps, { actor: ctx.actor }));
