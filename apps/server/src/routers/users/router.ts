import { router } from "../../trpc";
import { changePasswordProcedure } from "./change-password";
import { meProcedure } from "./me";
import { updateProfileProcedure } from "./update-profile";

export const usersRouter = router({
  me: meProcedure,
  updateProfile: updateProfileProcedure,
  changePassword: changePasswordProcedure,
});
