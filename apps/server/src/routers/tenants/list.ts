import { listMyTenants } from "@ragtime/core";
import { ZMembership } from "@ragtime/core/schemas";
import { z } from "zod";
import { authedProcedure } from "../../trpc";

export const listTenantsProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/tenants",
      tags: ["tenants"],
      summary: "Workspaces you belong to, and pending invitations",
      protect: true,
    },
  })
  .input(z.void())
  .output(z.array(ZMembership))
  .query(({ ctx }) => listMyTenants(ctx.deps, { actor: ctx.actor }));
