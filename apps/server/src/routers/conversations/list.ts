import { listConversations } from "@ragtime/core";
import { ZConversationList, ZListConversationsInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const listConversationsProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/chats/{chatId}/conversations",
      tags: ["conversations"],
      summary: "Your conversations with a chat, most recent first",
      protect: true,
    },
  })
  .input(ZListConversationsInput)
  .output(ZConversationList)
  .query(({ ctx, input }) => listConversations(ctx.deps, { ...input, actor: ctx.actor }));
