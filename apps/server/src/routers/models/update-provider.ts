import { updateProvider } from "@ragtime/core";
import { ZModelProvider, ZUpdateProviderInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const updateProviderProcedure = authedProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/model-providers/{id}",
      tags: ["models"],
      summary: "Rename a provider, replace its key or base URL (owner/admin)",
      protect: true,
    },
  })
  .input(ZUpdateProviderInput)
  .output(ZModelProvider)
  .mutation(({ ctx, input }) => updateProvider(ctx.deps, { ...input, actor: ctx.actor }));
