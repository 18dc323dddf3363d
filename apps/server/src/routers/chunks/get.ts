import { getChunk } from "@ragtime/core";
import { ZChunk, ZIdInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const getChunkProcedure = authedProcedure
  .meta({
    openapi: { method: "GET", path: "/chunks/{id}", tags: ["chunks"], summary: "One chunk", protect: true },
  })
  .input(ZIdInput)
  .output(ZChunk)
  .query(({ ctx, input }) => getChunk(ctx.deps, { ...input, actor: ctx.actor }));
