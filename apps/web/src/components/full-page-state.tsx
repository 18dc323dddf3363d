import { Alert, Button, Center, Loader, Stack, VisuallyHidden } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../lib/errors";
import { Brand } from "./brand";

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="100dvh" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden />
        <VisuallyHidden>{t("common.loading")}</VisuallyHidden>
      </Stack>
    </Center>
  );
}

export function FullPageError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Center mih="100dvh" p="md">
      <Stack maw={480} w="100%">
        <Brand />
        <Alert color="red" icon={<IconAlertCircle />} title={t("errors.session")}>
          {errorMessage(error, t)}
        </Alert>
        <Button onClick={onRetry} variant="light">
          {t("common.retry")}
        </Button>
      </Stack>
    </Center>
  );
}
