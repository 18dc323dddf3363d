import { discoverProviderModels } from "@ragtime/core";
import { ZDiscoveredModel, ZProviderIdInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const discoverModelsProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/model-providers/{id}/discover",
      tags: ["models"],
      summary: "The models the provider says it serves (nothing is added)",
      protect: true,
    },
  })
  .input(ZProviderIdInput)
  .output(ZDiscoveredModel.array())
  .query(({ ctx, input }) => discoverProviderModels(ctx.deps, { ...input, actor: ctx.actor }));
