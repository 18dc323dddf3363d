import { Navigate, Route, Routes } from "react-router";
import { AppLayout } from "./components/app-layout";
import { HOME, RequireAuth, RequireGuest } from "./components/route-guards";
import { ApiKeysPage } from "./pages/api-keys/api-keys-page";
import { ChatRoutes } from "./pages/chats/chat-routes";
import { ForgotPasswordPage } from "./pages/forgot-password-page";
import { KnowledgeRoutes } from "./pages/knowledge-bases/knowledge-routes";
import { ModelsPage } from "./pages/models/models-page";
import { NotFoundPage } from "./pages/not-found-page";
import { ProfilePage } from "./pages/profile/profile-page";
import { ResetPasswordPage } from "./pages/reset-password-page";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage } from "./pages/sign-up-page";
import { StatusPage } from "./pages/status/status-page";
import { TeamPage } from "./pages/team/team-page";

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
          <Route path="/knowledge-bases/*" element={<KnowledgeRoutes />} />
          <Route path="/team" element={<TeamPage />} />
          <Route path="/api-keys" element={<ApiKeysPage />} />
          <Route path="/status" element={<StatusPage />} />
          <Route path="/chats/*" element={<ChatRoutes />} />
          <Route path="/models" element={<ModelsPage />} />
        </Route>
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
