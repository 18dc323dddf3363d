import { runDocuments } from "@ragtime/core";
import { ZDocument, ZDocumentIdsInput } from "@ragtime/core/schemas";
import { z } from "zod";
import { authedProcedure } from "../../trpc";

export const runDocumentsProcedure = authedProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/documents/run",
      tags: ["documents"],
      summary: "Parse (or re-parse) documents: they are queued and their progress streams",
      protect: true,
    },
  })
  .input(ZDocumentIdsInput)
  .output(z.array(ZDocument))
  .mutation(({ ctx, input }) => runDocuments(ctx.deps, { ...input, actor: ctx.actor }));
