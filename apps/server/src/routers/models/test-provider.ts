import { testProvider } from "@ragtime/core";
import { ZProviderIdInput, ZTestProviderResult } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const testProviderProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/model-providers/{id}/test",
      tags: ["models"],
      summary: "Check a provider with the smallest real call",
      protect: true,
    },
  })
  .input(ZProviderIdInput)
  .output(ZTestProviderResult)
  .mutation(({ ctx, input }) => testProvider(ctx.deps, { ...input, actor: ctx.actor }));
