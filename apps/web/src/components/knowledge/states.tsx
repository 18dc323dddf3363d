import { Alert, Button, Center, Loader, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconAlertCircle, IconInbox } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, isRetryable } from "../../lib/errors";

/** A region still loading: a spinner with a spoken label. */
export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite" data-testid="loading-state">
      <Stack align="center" gap="xs">
        <Loader aria-hidden />
        <Text size="sm" c="dimmed">
          {label ?? t("common.loading")}
        </Text>
      </Stack>
    </Center>
  );
}

/** A failed load, in the user's language, with a way to try again when trying again can help. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle />}
      title={t("errors.title")}
      data-testid="error-alert"
      role="alert"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{errorMessage(error, t)}</Text>
        {onRetry && isRetryable(error) ? (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t("knowledge.common.retry")}
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** Nothing to show yet: what this place is for, and what to do. */
export function EmptyState({ title, body, action }: { title: string; body?: string; action?: ReactNode }) {
  return (
    <Paper withBorder radius="lg" p="xl" data-testid="empty-state">
      <Stack align="center" gap="xs" ta="center">
        <ThemeIcon variant="light" size={48} radius="xl" aria-hidden>
          <IconInbox size={26} stroke={1.5} />
        </ThemeIcon>
        <Title order={2} fz="lg">
          {title}
        </Title>
        {body ? (
          <Text c="dimmed" size="sm" maw={460}>
            {body}
          </Text>
        ) : null}
        {action}
      </Stack>
    </Paper>
  );
}
