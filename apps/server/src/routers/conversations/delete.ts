import { deleteConversation } from "@ragtime/core";
import { ZIdInput, ZOk } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const deleteConversationProcedure = authedProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/conversations/{id}",
      tags: ["conversations"],
      summary: "Delete a conversation",
      protect: true,
    },
  })
  .input(ZIdInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => deleteConversation(ctx.deps, { ...input, actor: ctx.actor }));
