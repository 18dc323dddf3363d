import { getConversation } from "@ragtime/core";
import { ZConversation, ZIdInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const getConversationProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/conversations/{id}",
      tags: ["conversations"],
      summary: "One of your conversations, with its messages and their references",
      protect: true,
    },
  })
  .input(ZIdInput)
  .output(ZConversation)
  .query(({ ctx, input }) => getConversation(ctx.deps, { ...input, actor: ctx.actor }));
