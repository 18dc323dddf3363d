import { deleteChat } from "@ragtime/core";
import { ZIdInput, ZOk } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const deleteChatProcedure = authedProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/chats/{id}",
      tags: ["chats"],
      summary: "Delete a chat assistant and its conversations (its creator, or owner/admin)",
      protect: true,
    },
  })
  .input(ZIdInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => deleteChat(ctx.deps, { ...input, actor: ctx.actor }));
