import { listChats } from "@ragtime/core";
import { ZChatList, ZListChatsInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const listChatsProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/chats",
      tags: ["chats"],
      summary: "Chat assistants of the workspace, paged",
      protect: true,
    },
  })
  .input(ZListChatsInput)
  .output(ZChatList)
  .query(({ ctx, input }) => listChats(ctx.deps, { ...input, actor: ctx.actor }));
