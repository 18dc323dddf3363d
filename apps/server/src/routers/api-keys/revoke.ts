import { revokeApiKey } from "@ragtime/core";
import { ZIdInput, ZOk } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const revokeApiKeyProcedure = authedProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/api-keys/{id}",
      tags: ["api-keys"],
      summary: "Revoke an API key at once (owner/admin)",
      protect: true,
    },
  })
  .input(ZIdInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => revokeApiKey(ctx.deps, { ...input, actor: ctx.actor }));
