import { deleteDocument } from "@ragtime/core";
import { ZIdInput, ZOk } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const deleteDocumentProcedure = authedProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/documents/{id}",
      tags: ["documents"],
      summary: "Delete a document, its file and its chunks",
      protect: true,
    },
  })
  .input(ZIdInput)
  .output(ZOk)
  .mutation(({ ctx, input }) => deleteDocument(ctx.deps, { ...input, actor: ctx.actor }));
