import { Anchor, Button, Stack, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { AuthLayout } from "../components/auth-layout";
import { ErrorAlert } from "../components/error-alert";
import { PasswordField } from "../components/password-field";
import { currentLanguage } from "../i18n/i18n";
import { SESSION_KEY } from "../lib/session";
import { useTRPC } from "../lib/trpc";
import {
  checkEmail,
  checkNewPassword,
  checkNickname,
  type FieldErrors,
  hasErrors,
  PASSWORD_MIN,
} from "../lib/validation";

export function SignUpPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [nickname, setNickname] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors<"email" | "nickname" | "password">>({});
  const register = useMutation(
    trpc.auth.register.mutationOptions({
      onSuccess: ({ user }) => queryClient.setQueryData(SESSION_KEY, user),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = nickname.trim();
    const found = {
      email: checkEmail(email, t),
      nickname: name === "" ? undefined : checkNickname(name, t),
      password: checkNewPassword(password, t),
    };
    setErrors(found);
    if (hasErrors(found)) return;
    // The account starts in the language the visitor is reading now.
    register.mutate({ email, password, language: currentLanguage(), ...(name ? { nickname: name } : {}) });
  };

  return (
    <AuthLayout
      pageTitle={t("signUp.pageTitle")}
      title={t("signUp.title")}
      subtitle={t("signUp.subtitle")}
      footer={
        <>
          {t("signUp.haveAccount")}{" "}
          <Anchor component={Link} to="/sign-in" fw={500}>
            {t("signUp.signInLink")}
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {register.error ? <ErrorAlert error={register.error} /> : null}
          <TextInput
            label={t("common.email")}
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
          <TextInput
            label={t("signUp.nickname")}
            description={t("signUp.nicknameHint")}
            name="nickname"
            autoComplete="nickname"
            value={nickname}
            onChange={(e) => setNickname(e.currentTarget.value)}
            error={errors.nickname}
          />
          <PasswordField
            label={t("common.password")}
            description={t("signUp.passwordHint", { min: PASSWORD_MIN })}
            name="new-password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
          />
          <Button type="submit" fullWidth loading={register.isPending}>
            {t("signUp.submit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
