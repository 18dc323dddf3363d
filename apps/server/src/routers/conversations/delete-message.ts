import { deleteMessagePair } from "@ragtime/core";
import { ZConversation, ZDeleteMessageInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const deleteMessageProcedure = authedProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/conversations/{conversationId}/messages/{messageId}",
      tags: ["conversations"],
      summary: "Delete a question and its answer",
      protect: true,
    },
  })
  .input(ZDeleteMessageInput)
  .output(ZConversation)
  .mutation(({ ctx, input }) => deleteMessagePair(ctx.deps, { ...input, actor: ctx.actor }));
