import { router } from "../../trpc";
import { loginProcedure } from "./login";
import { logoutProcedure } from "./logout";
import { registerProcedure } from "./register";
import { requestPasswordResetProcedure } from "./request-password-reset";
import { resetPasswordProcedure } from "./reset-password";

export const authRouter = router({
  register: registerProcedure,
  login: loginProcedure,
  logout: logoutProcedure,
  requestPasswordReset: requestPasswordResetProcedure,
  resetPassword: resetPasswordProcedure,
});
