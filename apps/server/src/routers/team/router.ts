import { router } from "../../trpc";
import { changeRoleProcedure } from "./change-role";
import { inviteMemberProcedure } from "./invite";
import { listMembersProcedure } from "./list";
import { removeMemberProcedure } from "./remove";

export const teamRouter = router({
  list: listMembersProcedure,
  invite: inviteMemberProcedure,
  changeRole: changeRoleProcedure,
  remove: removeMemberProcedure,
});
