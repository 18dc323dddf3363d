import { createKnowledgeBase } from "@ragtime/core";
import { ZCreateKnowledgeBaseInput, ZKnowledgeBase } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const createKnowledgeBaseProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/knowledge-bases",
      tags: ["knowledge-bases"],
      summary: "Create a knowledge base",
      protect: true,
    },
  })
  .input(ZCreateKnowledgeBaseInput)
  .output(ZKnowledgeBase)
  .mutation(({ ctx, input }) => createKnowledgeBase(ctx.deps, { ...input, actor: ctx.actor }));
