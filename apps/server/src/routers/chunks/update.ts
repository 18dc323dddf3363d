import { updateChunk } from "@ragtime/core";
import { ZChunk, ZUpdateChunkInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const updateChunkProcedure = authedProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/chunks/{id}",
      tags: ["chunks"],
      summary: "Change a chunk's text, keywords, questions or switch (re-indexed, re-embedded)",
      protect: true,
    },
  })
  .input(ZUpdateChunkInput)
  .output(ZChunk)
  .mutation(({ ctx, input }) => updateChunk(ctx.deps, { ...input, actor: ctx.actor }));
