import { router } from "../../trpc";
import { addModelProcedure } from "./add-model";
import { catalogueProcedure } from "./catalogue";
import { createProviderProcedure } from "./create-provider";
import { deleteModelProcedure } from "./delete-model";
import { deleteProviderProcedure } from "./delete-provider";
import { discoverModelsProcedure } from "./discover";
import { getProviderProcedure } from "./get-provider";
import { listModelsProcedure } from "./list";
import { listProvidersProcedure } from "./providers";
import { testProviderProcedure } from "./test-provider";
import { updateModelProcedure } from "./update-model";
import { updateProviderProcedure } from "./update-provider";

export const modelsRouter = router({
  catalogue: catalogueProcedure,
  list: listModelsProcedure,
  providers: listProvidersProcedure,
  getProvider: getProviderProcedure,
  createProvider: createProviderProcedure,
  updateProvider: updateProviderProcedure,
  deleteProvider: deleteProviderProcedure,
  testProvider: testProviderProcedure,
  discover: discoverModelsProcedure,
  addModel: addModelProcedure,
  updateModel: updateModelProcedure,
  deleteModel: deleteModelProcedure,
});
