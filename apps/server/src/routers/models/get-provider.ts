import { getProvider } from "@ragtime/core";
import { ZModelProvider, ZProviderIdInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const getProviderProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/model-providers/{id}",
      tags: ["models"],
      summary: "One model provider with its models (key masked)",
      protect: true,
    },
  })
  .input(ZProviderIdInput)
  .output(ZModelProvider)
  .query(({ ctx, input }) => getProvider(ctx.deps, { ...input, actor: ctx.actor }));
