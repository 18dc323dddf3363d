import { deleteChunksOf } from "@ragtime/core";
import { ZChunkIdsInput, ZOk } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const deleteChunksProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/chunks/delete",
      tags: ["chunks"],
      summary: "Delete chunks",
      protect: true,
    },
  })
  .input(ZChunkIdsInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => deleteChunksOf(ctx.deps, { ...input, actor: ctx.actor }));
