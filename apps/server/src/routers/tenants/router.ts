import { router } from "../../trpc";
import { acceptInvitationProcedure } from "./accept";
import { currentTenantProcedure } from "./current";
import { leaveTenantProcedure } from "./leave";
import { listTenantsProcedure } from "./list";
import { updateTenantProcedure } from "./update";

export const tenantsRouter = router({
  current: currentTenantProcedure,
  update: updateTenantProcedure,
  list: listTenantsProcedure,
  accept: acceptInvitationProcedure,
  leave: leaveTenantProcedure,
});
