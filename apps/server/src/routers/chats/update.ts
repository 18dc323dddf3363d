import { updateChat } from "@ragtime/core";
import { ZChat, ZUpdateChatInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const updateChatProcedure = authedProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/chats/{id}",
      tags: ["chats"],
      summary: "Change a chat assistant (its creator, or owner/admin); prompt and llmSettings are merged",
      protect: true,
    },
  })
  .input(ZUpdateChatInput)
  .output(ZChat)
  .mutation(({ ctx, input }) => updateChat(ctx.deps, { ...input, actor: ctx.actor }));
