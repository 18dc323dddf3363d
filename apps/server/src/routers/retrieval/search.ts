import { retrieve } from "@ragtime/core";
import { ZRetrievalInput, ZRetrievalResult } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const searchProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/retrieval",
      tags: ["retrieval"],
      summary: "Hybrid search (BM25 + vectors) over knowledge bases, with every score explained",
      protect: true,
    },
  })
  .input(ZRetrievalInput)
  .output(ZRetrievalResult)
  .mutation(({ ctx, input }) => retrieve(ctx.deps, { ...input, actor: ctx.actor }));
