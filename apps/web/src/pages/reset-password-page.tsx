import { Alert, Anchor, Button, Stack } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { AuthLayout } from "../components/auth-layout";
import { ErrorAlert } from "../components/error-alert";
import { PasswordField } from "../components/password-field";
import { SESSION_KEY } from "../lib/session";
import { useTRPC } from "../lib/trpc";
import {
  checkNewPassword,
  checkSamePassword,
  type FieldErrors,
  hasErrors,
  PASSWORD_MIN,
} from "../lib/validation";

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<FieldErrors<"password" | "confirm">>({});
  const reset = useMutation(
    trpc.auth.resetPassword.mutationOptions({
      onSuccess: () => {
        // The server signed every session of the account out, this browser's included.
        queryClient.setQueryData(SESSION_KEY, null);
        void navigate("/sign-in?reset=done", { replace: true });
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      password: checkNewPassword(password, t),
      confirm: checkSamePassword(confirm, password, t),
    };
    setErrors(found);
    if (!hasErrors(found)) reset.mutate({ token, newPassword: password });
  };

  const requestLink = (
    <Anchor component={Link} to="/forgot-password" fw={500}>
      {t("resetPassword.requestLink")}
    </Anchor>
  );

  return (
    <AuthLayout
      pageTitle={t("resetPassword.pageTitle")}
      title={t("resetPassword.title")}
      subtitle={token ? t("resetPassword.subtitle") : undefined}
      footer={token ? requestLink : undefined}
    >
      {token === "" ? (
        <Stack>
          <Alert color="orange" variant="light" icon={<IconAlertTriangle />}>
            {t("resetPassword.missingToken")}
          </Alert>
          <Button component={Link} to="/forgot-password" fullWidth>
            {t("resetPassword.requestLink")}
          </Button>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {reset.error ? <ErrorAlert error={reset.error} /> : null}
            <PasswordField
              label={t("resetPassword.newPassword")}
              description={t("signUp.passwordHint", { min: PASSWORD_MIN })}
              name="new-password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
            />
            <PasswordField
              label={t("resetPassword.confirmPassword")}
              name="confirm-password"
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={errors.confirm}
            />
            <Button type="submit" fullWidth loading={reset.isPending}>
              {t("resetPassword.submit")}
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
