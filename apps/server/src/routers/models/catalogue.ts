import { listModelCatalogue } from "@ragtime/core";
import { ZCatalogueEntry } from "@ragtime/core/schemas";
import { z } from "zod";
import { authedProcedure } from "../../trpc";

export const catalogueProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/models/catalogue",
      tags: ["models"],
      summary: "Provider kinds: the model types each serves, whether it needs a key or a base URL",
      protect: true,
    },
  })
  .input(z.void())
  .output(ZCatalogueEntry.array())
  .query(() => listModelCatalogue());
