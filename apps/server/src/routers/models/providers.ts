import { listProviders } from "@ragtime/core";
import { ZModelProvider } from "@ragtime/core/schemas";
import { z } from "zod";
import { authedProcedure } from "../../trpc";

export const listProvidersProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/model-providers",
      tags: ["models"],
      summary: "The workspace's model providers with their models (keys masked)",
      protect: true,
    },
  })
  .input(z.void())
  .output(ZModelProvider.array())
  .query(({ ctx }) => listProviders(ctx.deps, { actor: ctx.actor }));
