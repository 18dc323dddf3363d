import { deleteProviderModel } from "@ragtime/core";
import { ZDeleteModelInput, ZModelProvider } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const deleteModelProcedure = authedProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/model-providers/{id}/models/{modelId}",
      tags: ["models"],
      summary: "Remove a model from a provider (owner/admin)",
      protect: true,
    },
  })
  .input(ZDeleteModelInput)
  .output(ZModelProvider)
  .mutation(({ ctx, input }) => deleteProviderModel(ctx.deps, { ...input, actor: ctx.actor }));
