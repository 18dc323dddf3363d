import { router } from "../../trpc";
import { systemStatusProcedure } from "./status";

export const systemRouter = router({
  status: systemStatusProcedure,
});
