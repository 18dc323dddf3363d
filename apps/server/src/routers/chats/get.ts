import { getChat } from "@ragtime/core";
import { ZChat, ZIdInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const getChatProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/chats/{id}",
      tags: ["chats"],
      summary: "One chat assistant",
      protect: true,
    },
  })
  .input(ZIdInput)
  .output(ZChat)
  .query(({ ctx, input }) => getChat(ctx.deps, { ...input, actor: ctx.actor }));
