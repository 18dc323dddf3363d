import { deleteProvider } from "@ragtime/core";
import { ZOk, ZProviderIdInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const deleteProviderProcedure = authedProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/model-providers/{id}",
      tags: ["models"],
      summary: "Remove a provider and its models (owner/admin)",
      protect: true,
    },
  })
  .input(ZProviderIdInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => deleteProvider(ctx.deps, { ...input, actor: ctx.actor }));
