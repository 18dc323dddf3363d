import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  useMatches,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { RouterOutputs } from "@ragtime/server/router";
import { IconInfoCircle, IconKey, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../components/knowledge/confirm-modal";
import { formatDateTime } from "../../components/knowledge/format";
import { EmptyState, ErrorState, LoadingState } from "../../components/knowledge/states";
import { notifySuccess } from "../../lib/notify";
import { useCurrentUser } from "../../lib/session";
import { useTRPC } from "../../lib/trpc";
import { PageHeader } from "../team/page-header";
import { useWorkspace } from "../team/use-workspace";
import { CreateApiKeyModal } from "./create-api-key-modal";

type ApiKey = RouterOutputs["apiKeys"]["list"][number];

export function ApiKeysPage() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const [isCreating, creating] = useDisclosure(false);

  return (
    <Stack maw={1040} mx="auto" gap="lg">
      <PageHeader
        title={t("workspace.apiKeys.title")}
        subtitle={t("workspace.apiKeys.subtitle")}
        action={
          workspace.canManage ? (
            <Button leftSection={<IconPlus size={16} />} onClick={creating.open}>
              {t("workspace.apiKeys.new")}
            </Button>
          ) : null
        }
      />
      {workspace.isPending ? (
        <LoadingState />
      ) : workspace.isError ? (
        <ErrorState error={workspace.error} onRetry={() => void workspace.refetch()} />
      ) : workspace.canManage ? (
        <>
          <Text size="sm" c="dimmed">
            {t("workspace.apiKeys.usage")} <Code>Authorization: Bearer rt-…</Code>{" "}
            <Anchor href="/apidocs" target="_blank" size="sm">
              {t("workspace.apiKeys.apiDocs")}
            </Anchor>
          </Text>
          <ApiKeyList onCreate={creating.open} />
          <CreateApiKeyModal opened={isCreating} onClose={creating.close} />
        </>
      ) : (
        <Alert color="blue" variant="light" icon={<IconInfoCircle />}>
          {t("workspace.apiKeys.membersCannot")}
        </Alert>
      )}
    </Stack>
  );
}

function ApiKeyList({ onCreate }: { onCreate: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [revoking, setRevoking] = useState<ApiKey | undefined>();
  const isWide = useMatches({ base: false, md: true });

  if (keys.isPending) return <LoadingState />;
  if (keys.isError) return <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />;
  if (keys.data.length === 0) {
    return (
      <EmptyState
        title={t("workspace.apiKeys.emptyTitle")}
        body={t("workspace.apiKeys.emptyBody")}
        action={
          <Button mt="sm" leftSection={<IconPlus size={16} />} onClick={onCreate}>
            {t("workspace.apiKeys.new")}
          </Button>
        }
      />
    );
  }
  return (
    <>
      {isWide ? (
        <Paper withBorder radius="lg">
          <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="api-keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("workspace.apiKeys.name")}</Table.Th>
                <Table.Th>{t("workspace.apiKeys.key")}</Table.Th>
                <Table.Th>{t("workspace.apiKeys.created")}</Table.Th>
                <Table.Th>{t("workspace.apiKeys.lastUsed")}</Table.Th>
                <Table.Th>{t("workspace.apiKeys.expires")}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t("workspace.common.actions")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((key) => (
                <Table.Tr key={key.id} data-testid="api-key-row">
                  <Table.Td fw={500}>{key.name}</Table.Td>
                  <Table.Td>
                    <Code>{key.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <KeyDate iso={key.createdAt} />
                  </Table.Td>
                  <Table.Td data-testid="last-used">
                    <KeyDate iso={key.lastUsedAt} empty={t("workspace.apiKeys.neverUsed")} />
                  </Table.Td>
                  <Table.Td>
                    <Expiry iso={key.expiresAt} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <RevokeButton apiKey={key} onClick={() => setRevoking(key)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : (
        <Stack gap="sm" data-testid="api-keys">
          {keys.data.map((key) => (
            <Paper key={key.id} withBorder radius="lg" p="md" data-testid="api-key-row">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={4} style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <IconKey size={16} stroke={1.6} aria-hidden />
                    <Text fw={600} truncate="end">
                      {key.name}
                    </Text>
                  </Group>
                  <Code>{key.prefix}…</Code>
                  <Text size="xs" c="dimmed">
                    {t("workspace.apiKeys.lastUsed")}:{" "}
                    <span data-testid="last-used">
                      <KeyDate iso={key.lastUsedAt} empty={t("workspace.apiKeys.neverUsed")} />
                    </span>
                  </Text>
                  <Text size="xs" c="dimmed" component="div">
                    {t("workspace.apiKeys.expires")}: <Expiry iso={key.expiresAt} />
                  </Text>
                </Stack>
                <RevokeButton apiKey={key} onClick={() => setRevoking(key)} />
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      <RevokeModal apiKey={revoking} onClose={() => setRevoking(undefined)} />
    </>
  );
}

function KeyDate({ iso, empty }: { iso: string | null; empty?: string }) {
  const user = useCurrentUser();
  return <>{iso ? formatDateTime(iso, user.timezone) : empty}</>;
}

function Expiry({ iso }: { iso: string | null }) {
  const { t } = useTranslation();
  if (!iso) return <>{t("workspace.apiKeys.expiryNever")}</>;
  const isExpired = new Date(iso).getTime() <= Date.now();
  return (
    <Group gap={6} component="span" wrap="nowrap">
      <KeyDate iso={iso} />
      {isExpired ? (
        <Badge color="red" variant="light" size="sm">
          {t("workspace.apiKeys.expired")}
        </Badge>
      ) : null}
    </Group>
  );
}

function RevokeButton({ apiKey, onClick }: { apiKey: ApiKey; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button
      variant="subtle"
      color="red"
      size="xs"
      leftSection={<IconTrash size={14} />}
      onClick={onClick}
      aria-label={t("workspace.apiKeys.revokeNamed", { name: apiKey.name })}
    >
      {t("workspace.apiKeys.revoke")}
    </Button>
  );
}

function RevokeModal({ apiKey, onClose }: { apiKey: ApiKey | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
        notifySuccess(t("workspace.apiKeys.revoked"));
        revoke.reset();
        onClose();
      },
    }),
  );
  return (
    <ConfirmModal
      opened={apiKey !== undefined}
      title={t("workspace.apiKeys.revokeTitle")}
      body={t("workspace.apiKeys.revokeBody", { name: apiKey?.name ?? "" })}
      confirmLabel={t("workspace.apiKeys.revoke")}
      isPending={revoke.isPending}
      error={revoke.error}
      onConfirm={() => {
        if (apiKey) revoke.mutate({ id: apiKey.id });
      }}
      onClose={() => {
        revoke.reset();
        onClose();
      }}
    />
  );
}
