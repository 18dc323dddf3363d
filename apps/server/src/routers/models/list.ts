import { listModels } from "@ragtime/core";
import { ZListModelsInput, ZModelInfo } from "@ragtime/core/schemas";
import { authedProcedure } from "../../trpc";

export const listModelsProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/models",
      tags: ["models"],
      summary: "Models the workspace can use (built-in and configured), optionally of one type",
      protect: true,
    },
  })
  .input(ZListModelsInput)
  .output(ZModelInfo.array())
  .query(({ ctx, input }) => listModels(ctx.deps, { ...input, actor: ctx.actor }));
