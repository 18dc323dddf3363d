import { router } from "../../trpc";
import { listChunksProcedure } from "./list";

export const chunksRouter = router({
  list: listChunksProcedure,
});
