import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { IconMailForward } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { AuthLayout } from "../components/auth-layout";
import { ErrorAlert } from "../components/error-alert";
import { useTRPC } from "../lib/trpc";
import { checkEmail } from "../lib/validation";

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | undefined>();
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const error = checkEmail(email, t);
    setEmailError(error);
    if (!error) request.mutate({ email });
  };

  const backLink = (
    <Anchor component={Link} to="/sign-in" fw={500}>
      {t("common.backToSignIn")}
    </Anchor>
  );

  return (
    <AuthLayout
      pageTitle={t("forgotPassword.pageTitle")}
      title={t("forgotPassword.title")}
      subtitle={t("forgotPassword.subtitle")}
      footer={backLink}
    >
      {request.isSuccess ? (
        // The same answer whether or not the account exists: the server never says which.
        <Alert color="teal" variant="light" icon={<IconMailForward />} title={t("forgotPassword.sentTitle")}>
          <Text size="sm">{t("forgotPassword.sent", { email: request.variables.email })}</Text>
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {request.error ? <ErrorAlert error={request.error} /> : null}
            <TextInput
              label={t("common.email")}
              type="email"
              name="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={emailError}
            />
            <Button type="submit" fullWidth loading={request.isPending}>
              {t("forgotPassword.submit")}
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
