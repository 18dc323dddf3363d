import { Alert, Anchor, Button, Group, Stack, TextInput } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { AuthLayout } from "../components/auth-layout";
import { ErrorAlert } from "../components/error-alert";
import { PasswordField } from "../components/password-field";
import { SESSION_KEY } from "../lib/session";
import { useTRPC } from "../lib/trpc";
import { checkEmail, checkRequired, type FieldErrors, hasErrors } from "../lib/validation";

export function SignInPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors<"email" | "password">>({});
  // Setting the session is enough: the guest guard then moves on to where the visitor was going.
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: ({ user }) => queryClient.setQueryData(SESSION_KEY, user),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = { email: checkEmail(email, t), password: checkRequired(password, t) };
    setErrors(found);
    if (!hasErrors(found)) login.mutate({ email, password });
  };

  return (
    <AuthLayout
      pageTitle={t("signIn.pageTitle")}
      title={t("signIn.title")}
      subtitle={t("signIn.subtitle")}
      footer={
        <>
          {t("signIn.noAccount")}{" "}
          <Anchor component={Link} to="/sign-up" fw={500}>
            {t("signIn.signUpLink")}
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {params.get("reset") === "done" && !login.error ? (
            <Alert color="teal" variant="light" icon={<IconCircleCheck />}>
              {t("signIn.resetDone")}
            </Alert>
          ) : null}
          {login.error ? <ErrorAlert error={login.error} /> : null}
          <TextInput
            label={t("common.email")}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
          <PasswordField
            label={t("common.password")}
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t("signIn.forgot")}
            </Anchor>
          </Group>
          <Button type="submit" fullWidth loading={login.isPending}>
            {t("signIn.submit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
