import { router } from "../../trpc";
import { searchProcedure } from "./search";

export const retrievalRouter = router({
  search: searchProcedure,
});
