import { cancelDocuments } from "@ragtime/core";
import { ZDocument, ZDocumentIdsInput } from "@ragtime/core/schemas";
import { z } from "zod";
import { authedProcedure } from "../../trpc";

export const cancelDocumentsProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/documents/cancel",
      tags: ["documents"],
      summary: "Stop parsing documents; the chunks of their last completed run stay",
      protect: true,
    },
  })
  .input(ZDocumentIdsInput)
  .output(z.array(ZDocument))
  .mutation(({ ctx, input }) => cancelDocuments(ctx.deps, { ...input, actor: ctx.actor }));
