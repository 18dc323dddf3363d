import { createChunk } from "@ragtime/core";
import { ZChunk, ZCreateChunkInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const createChunkProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/documents/{documentId}/chunks",
      tags: ["chunks"],
      summary: "Add a manual chunk (indexed and embedded on the spot)",
      protect: true,
    },
  })
  .input(ZCreateChunkInput)
  .output(ZChunk)
  .mutation(({ ctx, input }) => createChunk(ctx.deps, { ...input, actor: ctx.actor }));
