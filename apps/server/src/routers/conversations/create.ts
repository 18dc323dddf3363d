import { createConversation } from "@ragtime/core";
import { ZConversation, ZCreateConversationInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const createConversationProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/chats/{chatId}/conversations",
      tags: ["conversations"],
      summary: "Start a conversation (the chat's opener is its first message)",
      protect: true,
    },
  })
  .input(ZCreateConversationInput)
  .output(ZConversation)
  .mutation(({ ctx, input }) =>
    createConversation(ctx.deps, { ...input, actor: ctx.actor, lang: ctx.locale.lang }),
  );
