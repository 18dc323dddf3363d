import { listApiKeys } from "@ragtime/core";
import { ZApiKey } from "@ragtime/core/schemas";
import { z } from "zod";
import { authedProcedure } from "../../trpc";

export const listApiKeysProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/api-keys",
      tags: ["api-keys"],
      summary: "The workspace's API keys, masked (owner/admin)",
      protect: true,
    },
  })
  .input(z.void())
  .output(z.array(ZApiKey))
  .query(({ ctx }) => listApiKeys(ctx.deps, { actor: ctx.actor }));
