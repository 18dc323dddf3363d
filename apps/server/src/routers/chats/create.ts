import { createChat } from "@ragtime/core";
import { ZChat, ZCreateChatInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const createChatProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/chats",
      tags: ["chats"],
      summary: "Create a chat assistant over knowledge bases",
      protect: true,
    },
  })
  .input(ZCreateChatInput)
  .output(ZChat)
  .mutation(({ ctx, input }) => createChat(ctx.deps, { ...input, actor: ctx.actor }));
