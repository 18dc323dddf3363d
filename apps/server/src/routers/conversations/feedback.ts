import { setMessageFeedback } from "@ragtime/core";
import { ZConversation, ZMessageFeedbackInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const feedbackProcedure = authedProcedure
  .meta({
    openapi: {
      method: "PUT",
      path: "/conversations/{conversationId}/messages/{messageId}/feedback",
      tags: ["conversations"],
      summary: "Thumb up or down, with an optional text, on an answer",
      protect: true,
    },
  })
  .input(ZMessageFeedbackInput)
  .output(ZConversation)
  .mutation(({ ctx, input }) => setMessageFeedback(ctx.deps, { ...input, actor: ctx.actor }));
