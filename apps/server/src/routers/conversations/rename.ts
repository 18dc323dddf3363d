import { renameConversation } from "@ragtime/core";
import { ZConversation, ZRenameConversationInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const renameConversationProcedure = authedProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/conversations/{id}",
      tags: ["conversations"],
      summary: "Rename a conversation",
      protect: true,
    },
  })
  .input(ZRenameConversationInput)
  .output(ZConversation)
  .mutation(({ ctx, input }) => renameConversation(ctx.deps, { ...input, actor: ctx.actor }));
