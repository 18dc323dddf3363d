import { deleteKnowledgeBase } from "@ragtime/core";
import { ZIdInput, ZOk } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const deleteKnowledgeBaseProcedure = authedProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/knowledge-bases/{id}",
      tags: ["knowledge-bases"],
      summary: "Delete a knowledge base and everything in it (its creator, or owner/admin)",
      protect: true,
    },
  })
  .input(ZIdInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => deleteKnowledgeBase(ctx.deps, { ...input, actor: ctx.actor }));
