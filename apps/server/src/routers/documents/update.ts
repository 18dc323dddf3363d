import { updateDocument } from "@ragtime/core";
import { ZDocument, ZUpdateDocumentInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const updateDocumentProcedure = authedProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/documents/{id}",
      tags: ["documents"],
      summary: "Rename, enable/disable, change chunk method or parser settings, set metadata",
      protect: true,
    },
  })
  .input(ZUpdateDocumentInput)
  .output(ZDocument)
  .mutation(({ ctx, input }) => updateDocument(ctx.deps, { ...input, actor: ctx.actor }));
