import { Navigate, Route, Routes } from "react-router";
import { AppLayout } from "./components/app-layout";
import { HOME, RequireAuth, RequireGuest } from "./components/route-guards";
import { ForgotPasswordPage } from "./pages/forgot-password-page";
import { NotFoundPage } from "./pages/not-found-page";
import { ProfilePage } from "./pages/profile/profile-page";
import { ResetPasswordPage } from "./pages/reset-password-page";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage } from "./pages/sign-up-page";

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<RequireGuest />}>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/sign-up" element={<SignUpPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      </Route>
      {/* Open to everyone: a reset link may be followed while another session is signed in. */}
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route element={<RequireAuth />}>
        <Route element={<AppLayout />}>
          <Route index element={<Navigate to={HOME} replace />} />
          <Route path="/profile" element={<ProfilePage />} />
        </Route>
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
