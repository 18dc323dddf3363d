import { getSystemStatus } from "@ragtime/core";
import { ZSystemStatus } from "@ragtime/core/schemas";
import { z } from "zod";
import { authedProcedure } from "../../trpc";

// authedProcedure, not adminProcedure: the superuser check lives in core, next to the operation,
// so the CLI or a test calling getSystemStatus gets the same answer.
export const systemStatusProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/system/status",
      tags: ["system"],
      summary: "Database, Redis, ingestion queue and workers, vector search mode (superusers)",
      protect: true,
    },
  })
  .input(z.void())
  .output(ZSystemStatus)
  .query(({ ctx }) => getSystemStatus(ctx.deps, { actor: ctx.actor }));
