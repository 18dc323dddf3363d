import { listKnowledgeBases } from "@ragtime/core";
import { ZKnowledgeBaseList, ZListKnowledgeBasesInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const listKnowledgeBasesProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/knowledge-bases",
      tags: ["knowledge-bases"],
      summary: "Knowledge bases you can see, paged",
      protect: true,
    },
  })
  .input(ZListKnowledgeBasesInput)
  .output(ZKnowledgeBaseList)
  .query(({ ctx, input }) => listKnowledgeBases(ctx.deps, { ...input, actor: ctx.actor }));
