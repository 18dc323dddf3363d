import { PasswordInput, type PasswordInputProps } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Mantine's password input, with its show/hide button labelled in the UI language (its default is English). */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      visibilityToggleButtonProps={{ "aria-label": t("common.showPassword") }}
      // Mantine marks the input invalid only with a data attribute; assistive technology needs aria-invalid.
      aria-invalid={props.error ? true : undefined}
      {...props}
    />
  );
}
