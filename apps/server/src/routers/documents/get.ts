import { getDocument } from "@ragtime/core";
import { ZDocument, ZIdInput } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const getDocumentProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/documents/{id}",
      tags: ["documents"],
      summary: "One document with its parsing state",
      protect: true,
    },
  })
  .input(ZIdInput)
  .output(ZDocument)
  .query(({ ctx, input }) => getDocument(ctx.deps, { ...input, actor: ctx.actor }));
