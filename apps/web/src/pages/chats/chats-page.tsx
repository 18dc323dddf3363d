import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import type { RouterOutputs } from "@ragtime/server/router";
import { IconMessagePlus, IconMessages, IconPencil, IconSearch, IconTrash } from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ConfirmModal } from "../../components/knowledge/confirm-modal";
import { formatDate } from "../../components/knowledge/format";
import { EmptyState, ErrorState, LoadingState } from "../../components/knowledge/states";
import { notifySuccess } from "../../lib/notify";
import { useCurrentUser } from "../../lib/session";
import { useTRPC } from "../../lib/trpc";
import { PageHeader } from "../team/page-header";

type Chat = RouterOutputs["chats"]["list"]["items"][number];

export function ChatsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [keywords] = useDebouncedValue(search.trim(), 250);
  const chats = useQuery({
    ...trpc.chats.list.queryOptions({
      pageSize: 100,
      orderBy: "updatedAt",
      ...(keywords ? { keywords } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  const [deleting, setDeleting] = useState<Chat | undefined>();

  const newButton = (
    <Button component={Link} to="/chats/new" leftSection={<IconMessagePlus size={16} />}>
      {t("workspace.chats.new")}
    </Button>
  );
  return (
    <Stack maw={1120} mx="auto" gap="lg">
      <PageHeader
        title={t("workspace.chats.title")}
        subtitle={t("workspace.chats.subtitle")}
        action={newButton}
      />
      <TextInput
        leftSection={<IconSearch size={16} />}
        aria-label={t("workspace.chats.search")}
        placeholder={t("workspace.chats.search")}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={360}
      />
      {chats.isPending ? (
        <LoadingState />
      ) : chats.isError ? (
        <ErrorState error={chats.error} onRetry={() => void chats.refetch()} />
      ) : chats.data.items.length === 0 ? (
        keywords ? (
          <EmptyState title={t("workspace.chats.noMatch")} />
        ) : (
          <EmptyState
            title={t("workspace.chats.emptyTitle")}
            body={t("workspace.chats.emptyBody")}
            action={newButton}
          />
        )
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="chats">
          {chats.data.items.map((chat) => (
            <ChatCard key={chat.id} chat={chat} onDelete={() => setDeleting(chat)} />
          ))}
        </SimpleGrid>
      )}
      <DeleteChatModal chat={deleting} onClose={() => setDeleting(undefined)} />
    </Stack>
  );
}

function ChatCard({ chat, onDelete }: { chat: Chat; onDelete: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="chat-card">
      <Stack gap="xs" h="100%">
        <Title order={2} fz="lg" lineClamp={1}>
          {chat.name}
        </Title>
        <Text size="sm" c="dimmed" lineClamp={2}>
          {chat.description || t("workspace.chats.noDescription")}
        </Text>
        <Group gap={6}>
          <Badge variant="light">{t("workspace.chats.kbCount", { count: chat.kbIds.length })}</Badge>
          <Badge variant="light" color="gray" style={{ textTransform: "none" }}>
            {chat.chatModel ?? t("workspace.chats.defaultModel")}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" mt="auto">
          {t("workspace.chats.updated", { date: formatDate(chat.updatedAt, user.timezone) })}
        </Text>
        <Group gap="xs">
          <Button
            component={Link}
            to={`/chats/${chat.id}`}
            size="xs"
            leftSection={<IconMessages size={14} />}
            aria-label={t("workspace.chats.openNamed", { name: chat.name })}
          >
            {t("workspace.chats.open")}
          </Button>
          {chat.canEdit ? (
            <>
              <Button
                component={Link}
                to={`/chats/${chat.id}/edit`}
                size="xs"
                variant="default"
                leftSection={<IconPencil size={14} />}
                aria-label={t("workspace.chats.editNamed", { name: chat.name })}
              >
                {t("workspace.common.edit")}
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={onDelete}
                aria-label={t("workspace.chats.deleteNamed", { name: chat.name })}
              >
                {t("workspace.common.delete")}
              </Button>
            </>
          ) : null}
        </Group>
      </Stack>
    </Card>
  );
}

function DeleteChatModal({ chat, onClose }: { chat: Chat | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.chats.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.chats.list.queryKey() });
        notifySuccess(t("workspace.chats.deleted"));
        remove.reset();
        onClose();
      },
    }),
  );
  return (
    <ConfirmModal
      opened={chat !== undefined}
      title={t("workspace.chats.deleteTitle")}
      body={t("workspace.chats.deleteBody", { name: chat?.name ?? "" })}
      confirmLabel={t("workspace.common.delete")}
      isPending={remove.isPending}
      error={remove.error}
      onConfirm={() => {
        if (chat) remove.mutate({ id: chat.id });
      }}
      onClose={() => {
        remove.reset();
        onClose();
      }}
    />
  );
}
