import { addProviderModel } from "@ragtime/core";
import { ZAddModelInput, ZModelProvider } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const addModelProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/model-providers/{id}/models",
      tags: ["models"],
      summary: "Add a model to a provider (owner/admin)",
      protect: true,
    },
  })
  .input(ZAddModelInput)
  .output(ZModelProvider)
  .mutation(({ ctx, input }) => addProviderModel(ctx.deps, { ...input, actor: ctx.actor }));
