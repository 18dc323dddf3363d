import { router } from "../../trpc";
import { createChunkProcedure } from "./create";
import { deleteChunksProcedure } from "./delete";
import { getChunkProcedure } from "./get";
import { listChunksProcedure } from "./list";
import { setChunksAvailableProcedure } from "./set-available";
import { updateChunkProcedure } from "./update";

export const chunksRouter = router({
  list: listChunksProcedure,
  get: getChunkProcedure,
  create: createChunkProcedure,
  update: updateChunkProcedure,
  setAvailable: setChunksAvailableProcedure,
  delete: deleteChunksProcedure,
});
