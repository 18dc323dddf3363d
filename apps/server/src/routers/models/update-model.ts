import { updateProviderModel } from "@ragtime/core";
import { ZModelProvider, ZUpdateModelInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const updateModelProcedure = authedProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/model-providers/{id}/models/{modelId}",
      tags: ["models"],
      summary: "Change a model's context size (owner/admin)",
      protect: true,
    },
  })
  .input(ZUpdateModelInput)
  .output(ZModelProvider)
  .mutation(({ ctx, input }) => updateProviderModel(ctx.deps, { ...input, actor: ctx.actor }));
