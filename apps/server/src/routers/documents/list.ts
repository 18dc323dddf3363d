import { listDocuments } from "@ragtime/core";
import { ZDocumentList, ZListDocumentsInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const listDocumentsProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/knowledge-bases/{kbId}/documents",
      tags: ["documents"],
      summary: "Documents of a knowledge base: filter by name, state, extension, creation time; paged",
      protect: true,
    },
  })
  .input(ZListDocumentsInput)
  .output(ZDocumentList)
  .query(({ ctx, input }) => listDocuments(ctx.deps, { ...input, actor: ctx.actor }));
