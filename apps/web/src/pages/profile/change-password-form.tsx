import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/error-alert";
import { PasswordField } from "../../components/password-field";
import { errorField, errorMessage } from "../../lib/errors";
import { notifySuccess } from "../../lib/notify";
import { useCurrentUser } from "../../lib/session";
import { useTRPC } from "../../lib/trpc";
import {
  checkNewPassword,
  checkRequired,
  checkSamePassword,
  type FieldErrors,
  hasErrors,
  PASSWORD_MIN,
} from "../../lib/validation";

type Field = "currentPassword" | "newPassword" | "confirm";

export function ChangePasswordForm() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const user = useCurrentUser();
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: "",
    newPassword: "",
    confirm: "",
  });
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const change = useMutation(
    trpc.users.changePassword.mutationOptions({
      onSuccess: () => {
        setValues({ currentPassword: "", newPassword: "", confirm: "" });
        notifySuccess(t("password.changed"));
      },
    }),
  );
  const serverField = change.error ? errorField(change.error) : undefined;
  const isFieldError = serverField === "currentPassword" || serverField === "newPassword";

  const set = (field: Field) => (event: ChangeEvent<HTMLInputElement>) => {
    const { value } = event.currentTarget;
    setValues((v) => ({ ...v, [field]: value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      currentPassword: checkRequired(values.currentPassword, t),
      newPassword: checkNewPassword(values.newPassword, t),
      confirm: checkSamePassword(values.confirm, values.newPassword, t),
    };
    setErrors(found);
    if (!hasErrors(found)) {
      change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
    }
  };

  const errorOf = (field: Field) =>
    errors[field] ?? (change.error && serverField === field ? errorMessage(change.error, t) : undefined);

  return (
    <Card withBorder padding="lg" radius="lg" component="section" aria-labelledby="change-password-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <div>
            <Title order={2} fz="lg" id="change-password-title">
              {t("password.title")}
            </Title>
            <Text c="dimmed" size="sm">
              {t("password.subtitle")}
            </Text>
          </div>
          {change.error && !isFieldError ? <ErrorAlert error={change.error} /> : null}
          {/* Lets password managers tie the new password to the account. */}
          <input type="email" name="username" autoComplete="username" value={user.email} hidden readOnly />
          <PasswordField
            label={t("password.current")}
            name="current-password"
            autoComplete="current-password"
            required
            value={values.currentPassword}
            onChange={set("currentPassword")}
            error={errorOf("currentPassword")}
          />
          <PasswordField
            label={t("password.new")}
            description={t("signUp.passwordHint", { min: PASSWORD_MIN })}
            name="new-password"
            autoComplete="new-password"
            required
            value={values.newPassword}
            onChange={set("newPassword")}
            error={errorOf("newPassword")}
          />
          <PasswordField
            label={t("password.confirm")}
            name="confirm-password"
            autoComplete="new-password"
            required
            value={values.confirm}
            onChange={set("confirm")}
            error={errorOf("confirm")}
          />
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={change.isPending}>
              {t("password.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
