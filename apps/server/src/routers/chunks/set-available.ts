import { setChunksAvailable } from "@ragtime/core";
import { ZOk, ZSetChunksAvailableInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const setChunksAvailableProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/chunks/available",
      tags: ["chunks"],
      summary: "Enable or disable chunks (disabled chunks are never retrieved)",
      protect: true,
    },
  })
  .input(ZSetChunksAvailableInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => setChunksAvailable(ctx.deps, { ...input, actor: ctx.actor }));
