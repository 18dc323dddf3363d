import { Alert } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../lib/errors";

/** A failed call's message, as the server worded it in the user's language. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle />} data-testid="error-alert">
      {errorMessage(error, t)}
    </Alert>
  );
}
