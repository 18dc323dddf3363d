import { createProvider } from "@ragtime/core";
import { ZCreateProviderInput, ZModelProvider } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const createProviderProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/model-providers",
      tags: ["models"],
      summary: "Add a model provider with its API key and base URL (owner/admin)",
      protect: true,
    },
  })
  .input(ZCreateProviderInput)
  .output(ZModelProvider)
  .mutation(({ ctx, input }) => createProvider(ctx.deps, { ...input, actor: ctx.actor }));
