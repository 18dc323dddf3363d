import { listChunks } from "@ragtime/core";
import { ZChunkList, ZListChunksInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const listChunksProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/documents/{documentId}/chunks",
      tags: ["chunks"],
      summary: "A document's chunks in order, with their pages; search by text",
      protect: true,
    },
  })
  .input(ZListChunksInput)
  .output(ZChunkList)
  .query(({ ctx, input }) => listChunks(ctx.deps, { ...input, actor: ctx.actor }));
