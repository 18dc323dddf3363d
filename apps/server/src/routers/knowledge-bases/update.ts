import { updateKnowledgeBase } from "@ragtime/core";
import { ZKnowledgeBase, ZUpdateKnowledgeBaseInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const updateKnowledgeBaseProcedure = authedProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/knowledge-bases/{id}",
      tags: ["knowledge-bases"],
      summary: "Change a knowledge base's settings (its creator, or owner/admin)",
      protect: true,
    },
  })
  .input(ZUpdateKnowledgeBaseInput)
  .output(ZKnowledgeBase)
  .mutation(({ ctx, input }) => updateKnowledgeBase(ctx.deps, { ...input, actor: ctx.actor }));
