import { getKnowledgeBase } from "@ragtime/core";
import { ZIdInput, ZKnowledgeBase } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const getKnowledgeBaseProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/knowledge-bases/{id}",
      tags: ["knowledge-bases"],
      summary: "One knowledge base",
      protect: true,
    },
  })
  .input(ZIdInput)
  .output(ZKnowledgeBase)
  .query(({ ctx, input }) => getKnowledgeBase(ctx.deps, { ...input, actor: ctx.actor }));
