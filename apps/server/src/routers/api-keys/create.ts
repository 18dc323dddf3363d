import { createApiKey } from "@ragtime/core";
import { ZCreateApiKeyInput, ZCreatedApiKey } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const createApiKeyProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/api-keys",
      tags: ["api-keys"],
      summary: "Create an API key; its secret is shown in this answer only (owner/admin)",
      protect: true,
    },
  })
  .input(ZCreateApiKeyInput)
  .output(ZCreatedApiKey)
  .mutation(({ ctx, input }) => createApiKey(ctx.deps, { ...input, actor: ctx.actor }));
