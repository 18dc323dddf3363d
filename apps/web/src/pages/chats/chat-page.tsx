import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Drawer,
  Group,
  Menu,
  Modal,
  NavLink,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  Title,
  useMatches,
} from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import type { RouterOutputs } from "@ragtime/server/router";
import {
  IconArrowLeft,
  IconDots,
  IconList,
  IconMessagePlus,
  IconPencil,
  IconSettings,
  IconTrash,
} from "@tabler/icons-react";
import { skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { Composer, ConversationMessages } from "../../components/chat/conversation-view";
import { useCompletion } from "../../components/chat/use-completion";
import { ErrorAlert } from "../../components/error-alert";
import { ConfirmModal } from "../../components/knowledge/confirm-modal";
import { formatDateTime } from "../../components/knowledge/format";
import { ErrorState, LoadingState } from "../../components/knowledge/states";
import { errorMessage } from "../../lib/errors";
import { notifyError } from "../../lib/notify";
import { useCurrentUser } from "../../lib/session";
import { useTRPC } from "../../lib/trpc";

type Chat = RouterOutputs["chats"]["get"];
type ConversationSummary = RouterOutputs["conversations"]["list"]["items"][number];

/** One chat assistant: its conversations on the side, the selected one in the middle. */
export function ChatPage() {
  const { chatId = "", conversationId } = useParams();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const chat = useQuery(trpc.chats.get.queryOptions({ id: chatId }));
  useDocumentTitle(`${chat.data?.name ?? t("workspace.chats.title")} · ${t("app.name")}`);

  if (chat.isPending) return <LoadingState />;
  if (chat.isError) {
    return (
      <Stack maw={720} mx="auto">
        <ErrorState error={chat.error} onRetry={() => void chat.refetch()} />
        <Anchor component={Link} to="/chats" size="sm">
          {t("workspace.chats.backToList")}
        </Anchor>
      </Stack>
    );
  }
  return <ChatScreen chat={chat.data} conversationId={conversationId} />;
}

function ChatScreen({ chat, conversationId }: { chat: Chat; conversationId: string | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const isWide = useMatches({ base: false, md: true });
  const [isListOpen, list] = useDisclosure(false);
  const conversationsFilter = trpc.conversations.list.queryFilter({ chatId: chat.id });
  const conversation = useQuery(
    trpc.conversations.get.queryOptions(conversationId ? { id: conversationId } : skipToken),
  );
  // Which conversation the turn in progress belongs to, and how many messages it had before it.
  const [turn, setTurn] = useState<{ conversationId: string; baseCount: number } | undefined>();
  const completion = useCompletion(() => {
    void queryClient.invalidateQueries(conversationsFilter);
    if (turn)
      void queryClient.invalidateQueries(trpc.conversations.get.queryFilter({ id: turn.conversationId }));
  });
  const { reset } = completion;

  // Another conversation opened: the turn of the previous one is not shown here. (Going from no
  // conversation to the one the first question just created is not a switch.)
  const shownId = useRef(conversationId);
  useEffect(() => {
    const previous = shownId.current;
    shownId.current = conversationId;
    if (previous !== undefined && previous !== conversationId) {
      setTurn(undefined);
      reset();
    }
  }, [conversationId, reset]);

  const create = useMutation(trpc.conversations.create.mutationOptions());

  const ask = async (question: string) => {
    let target = conversation.data;
    if (!conversationId || !target) {
      // The first question starts a conversation: nobody has to press "new" first.
      try {
        target = await create.mutateAsync({ chatId: chat.id });
      } catch (error) {
        notifyError(t("workspace.chat.createFailed"), errorMessage(error, t));
        return;
      }
      queryClient.setQueryData(trpc.conversations.get.queryKey({ id: target.id }), target);
      void queryClient.invalidateQueries(conversationsFilter);
      void navigate(`/chats/${chat.id}/c/${target.id}`);
    }
    setTurn({ conversationId: target.id, baseCount: target.messages.length });
    completion.ask({ conversationId: target.id, question });
  };

  const startNew = () => {
    completion.reset();
    setTurn(undefined);
    list.close();
    void navigate(`/chats/${chat.id}`);
  };

  const sidebar = (
    <ConversationList chat={chat} selectedId={conversationId} onNew={startNew} onNavigate={list.close} />
  );
  const isStreaming = completion.state.status === "streaming";
  const opener = chat.prompt.opener.trim();

  return (
    <Stack gap="md" maw={1280} mx="auto" h="100%">
      <ChatHeader chat={chat} onShowList={isWide ? undefined : list.open} />
      <Group align="flex-start" gap="lg" wrap="nowrap">
        {isWide ? (
          <Paper withBorder radius="lg" p="xs" w={260} style={{ flexShrink: 0, position: "sticky", top: 76 }}>
            {sidebar}
          </Paper>
        ) : (
          <Drawer
            opened={isListOpen}
            onClose={list.close}
            title={t("workspace.chat.conversations")}
            closeButtonProps={{ "aria-label": t("common.close") }}
            size="85%"
          >
            {sidebar}
          </Drawer>
        )}
        <Stack gap="md" style={{ flex: 1, minWidth: 0 }}>
          {conversationId ? (
            <ConversationMessages
              conversation={{
                isPending: conversation.isPending,
                isError: conversation.isError,
                error: conversation.error,
                data: conversation.data,
                refetch: () => void conversation.refetch(),
              }}
              completion={{
                state: turn?.conversationId === conversationId ? completion.state : { status: "idle" },
                baseCount: turn?.baseCount,
              }}
            />
          ) : (
            <Paper withBorder radius="lg" p="lg" data-testid="new-conversation">
              <Stack gap="xs">
                <Text fw={600}>{t("workspace.chat.newConversation")}</Text>
                <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
                  {opener || t("workspace.chat.askFirst")}
                </Text>
              </Stack>
            </Paper>
          )}
          <Box pos="sticky" bottom={0} py="sm" style={{ background: "var(--mantine-color-body)", zIndex: 2 }}>
            <Composer
              isStreaming={isStreaming}
              isStarting={create.isPending}
              onAsk={(question) => void ask(question)}
              onStop={completion.stop}
            />
          </Box>
        </Stack>
      </Group>
    </Stack>
  );
}

function ChatHeader({ chat, onShowList }: { chat: Chat; onShowList: (() => void) | undefined }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: "1 1 240px" }}>
        <ActionIcon
          component={Link}
          to="/chats"
          variant="subtle"
          aria-label={t("workspace.chats.backToList")}
        >
          <IconArrowLeft size={18} />
        </ActionIcon>
        <div style={{ minWidth: 0 }}>
          <Title order={1} fz={{ base: 20, sm: 24 }} lineClamp={1}>
            {chat.name}
          </Title>
          <Group gap={6}>
            <Badge variant="light" size="sm">
              {t("workspace.chats.kbCount", { count: chat.kbIds.length })}
            </Badge>
            <Badge variant="light" color="gray" size="sm" style={{ textTransform: "none" }}>
              {chat.chatModel ?? t("workspace.chats.defaultModel")}
            </Badge>
          </Group>
        </div>
      </Group>
      <Group gap="xs">
        {onShowList ? (
          <Button variant="default" size="xs" leftSection={<IconList size={14} />} onClick={onShowList}>
            {t("workspace.chat.conversations")}
          </Button>
        ) : null}
        {chat.canEdit ? (
          <Button
            component={Link}
            to={`/chats/${chat.id}/edit`}
            // Saving the settings comes back to this very conversation.
            state={{ from: location.pathname }}
            variant="default"
            size="xs"
            leftSection={<IconSettings size={14} />}
          >
            {t("workspace.chat.settings")}
          </Button>
        ) : null}
      </Group>
    </Group>
  );
}

function ConversationList({
  chat,
  selectedId,
  onNew,
  onNavigate,
}: {
  chat: Chat;
  selectedId: string | undefined;
  onNew: () => void;
  onNavigate: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const user = useCurrentUser();
  const conversations = useQuery(trpc.conversations.list.queryOptions({ chatId: chat.id, pageSize: 100 }));
  const [renaming, setRenaming] = useState<ConversationSummary | undefined>();
  const [deleting, setDeleting] = useState<ConversationSummary | undefined>();
  return (
    <Stack gap="xs">
      <Button leftSection={<IconMessagePlus size={16} />} variant="light" onClick={onNew} fullWidth>
        {t("workspace.chat.new")}
      </Button>
      {conversations.isPending ? (
        <LoadingState />
      ) : conversations.isError ? (
        <ErrorState error={conversations.error} onRetry={() => void conversations.refetch()} />
      ) : conversations.data.items.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="md">
          {t("workspace.chat.noConversations")}
        </Text>
      ) : (
        <ScrollArea.Autosize mah="calc(100dvh - 260px)">
          <Stack
            gap={2}
            component="nav"
            aria-label={t("workspace.chat.conversations")}
            data-testid="conversations"
          >
            {conversations.data.items.map((item) => (
              <Group key={item.id} gap={0} wrap="nowrap">
                <NavLink
                  component={Link}
                  to={`/chats/${chat.id}/c/${item.id}`}
                  label={item.name}
                  description={formatDateTime(item.updatedAt, user.timezone)}
                  active={item.id === selectedId}
                  aria-current={item.id === selectedId ? "page" : undefined}
                  onClick={onNavigate}
                  style={{ borderRadius: "var(--mantine-radius-md)", flex: 1, minWidth: 0 }}
                  styles={{ label: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" } }}
                />
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={t("workspace.chat.actionsFor", { name: item.name })}
                    >
                      <IconDots size={16} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setRenaming(item)}>
                      {t("workspace.chat.rename")}
                    </Menu.Item>
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={14} />}
                      onClick={() => setDeleting(item)}
                    >
                      {t("workspace.common.delete")}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Group>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
      <RenameModal chatId={chat.id} conversation={renaming} onClose={() => setRenaming(undefined)} />
      <DeleteConversationModal
        chatId={chat.id}
        conversation={deleting}
        isSelected={deleting?.id === selectedId}
        onClose={() => setDeleting(undefined)}
      />
    </Stack>
  );
}

function RenameModal({
  chatId,
  conversation,
  onClose,
}: {
  chatId: string;
  conversation: ConversationSummary | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  useEffect(() => setName(conversation?.name ?? ""), [conversation]);
  const rename = useMutation(
    trpc.conversations.rename.mutationOptions({
      onSuccess: async (updated) => {
        queryClient.setQueryData(trpc.conversations.get.queryKey({ id: updated.id }), updated);
        await queryClient.invalidateQueries(trpc.conversations.list.queryFilter({ chatId }));
        rename.reset();
        onClose();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (conversation && name.trim()) rename.mutate({ id: conversation.id, name: name.trim() });
  };
  return (
    <Modal
      opened={conversation !== undefined}
      onClose={() => {
        rename.reset();
        onClose();
      }}
      title={t("workspace.chat.renameTitle")}
      centered
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit}>
        <Stack>
          {rename.error ? <ErrorAlert error={rename.error} /> : null}
          <TextInput
            label={t("workspace.chat.conversationName")}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={255}
            data-autofocus
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("workspace.common.cancel")}
            </Button>
            <Button type="submit" loading={rename.isPending} disabled={!name.trim()}>
              {t("workspace.common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteConversationModal({
  chatId,
  conversation,
  isSelected,
  onClose,
}: {
  chatId: string;
  conversation: ConversationSummary | undefined;
  isSelected: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation(
    trpc.conversations.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.conversations.list.queryFilter({ chatId }));
        if (isSelected) void navigate(`/chats/${chatId}`);
        remove.reset();
        onClose();
      },
    }),
  );
  return (
    <ConfirmModal
      opened={conversation !== undefined}
      title={t("workspace.chat.deleteTitle")}
      body={t("workspace.chat.deleteBody", { name: conversation?.name ?? "" })}
      confirmLabel={t("workspace.common.delete")}
      isPending={remove.isPending}
      error={remove.error}
      onConfirm={() => {
        if (conversation) remove.mutate({ id: conversation.id });
      }}
      onClose={() => {
        remove.reset();
        onClose();
      }}
    />
  );
}
