import {
  ActionIcon,
  Anchor,
  Badge,
  Card,
  Group,
  Menu,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  useMatches,
  VisuallyHidden,
} from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import {
  IconDots,
  IconDownload,
  IconEdit,
  IconHierarchy2,
  IconPlayerPlay,
  IconPlayerStop,
  IconRefresh,
  IconSearch,
  IconTags,
  IconTrash,
} from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ConfirmModal } from "../../components/knowledge/confirm-modal";
import { downloadUrl, downloadWithWorkspace } from "../../components/knowledge/download";
import { formatBytes, formatDateTime, formatNumber } from "../../components/knowledge/format";
import { Pager } from "../../components/knowledge/pager";
import { type ProgressEvent, useDocumentProgress } from "../../components/knowledge/progress-subscription";
import { isActive, RunStatus } from "../../components/knowledge/run-status";
import { EmptyState, ErrorState, LoadingState } from "../../components/knowledge/states";
import { UploadPanel } from "../../components/knowledge/upload-panel";
import { currentLanguage } from "../../i18n/i18n";
import { errorMessage } from "../../lib/errors";
import { notifyError, notifySuccess } from "../../lib/notify";
import { useCurrentUser } from "../../lib/session";
import { useTRPC } from "../../lib/trpc";
import { currentWorkspaceId } from "../../lib/workspace";
import { type DocumentDialog, DocumentDialogs } from "./document-modals";
import { type KbDocument, useKbOutlet } from "./use-kb";

const PAGE_SIZE = 20;
const RUN_FILTERS = [
  "UNSTART",
  "QUEUED",
  "RUNNING",
  "CANCEL",
  "DONE",
  "FAIL",
] as const satisfies readonly KbDocument["run"][];
type RunFilter = (typeof RUN_FILTERS)[number];
const isRunFilter = (value: unknown): value is RunFilter =>
  typeof value === "string" && (RUN_FILTERS as readonly string[]).includes(value);

type DocumentList = { total: number; items: KbDocument[] };
const TERMINAL = new Set<KbDocument["run"]>(["DONE", "FAIL", "CANCEL", "UNSTART"]);

/** Row actions: parse / stop / parse again, rename, chunk method, metadata, download, delete. */
function DocumentMenu({
  doc,
  canEdit,
  onRun,
  onCancel,
  onDialog,
  onDelete,
}: {
  doc: KbDocument;
  canEdit: boolean;
  onRun: (doc: KbDocument) => void;
  onCancel: (doc: KbDocument) => void;
  onDialog: (dialog: DocumentDialog) => void;
  onDelete: (doc: KbDocument) => void;
}) {
  const { t } = useTranslation();
  const running = isActive(doc.run);
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={240}>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t("knowledge.documents.actionsFor", { name: doc.name })}
        >
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {running ? (
          <Menu.Item
            leftSection={<IconPlayerStop size={16} />}
            onClick={() => onCancel(doc)}
            disabled={!canEdit}
          >
            {t("knowledge.documents.cancelRun")}
          </Menu.Item>
        ) : (
          <Menu.Item
            leftSection={doc.run === "UNSTART" ? <IconPlayerPlay size={16} /> : <IconRefresh size={16} />}
            onClick={() => onRun(doc)}
            disabled={!canEdit}
          >
            {doc.run === "UNSTART" ? t("knowledge.documents.run") : t("knowledge.documents.rerun")}
          </Menu.Item>
        )}
        <Menu.Item
          leftSection={<IconEdit size={16} />}
          onClick={() => onDialog({ kind: "rename", doc })}
          disabled={!canEdit}
        >
          {t("knowledge.documents.rename")}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconHierarchy2 size={16} />}
          onClick={() => onDialog({ kind: "method", doc })}
          disabled={!canEdit || running}
        >
          {t("knowledge.documents.changeMethod")}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconTags size={16} />}
          onClick={() => onDialog({ kind: "metadata", doc })}
          disabled={!canEdit}
        >
          {t("knowledge.documents.metadata")}
        </Menu.Item>
        {currentWorkspaceId() ? (
          <Menu.Item
            leftSection={<IconDownload size={16} />}
            onClick={() =>
              void downloadWithWorkspace(doc, { language: currentLanguage(), t }).catch((error: unknown) =>
                notifyError(
                  t("knowledge.documents.download"),
                  error instanceof Error ? error.message : t("errors.unexpected"),
                ),
              )
            }
          >
            {t("knowledge.documents.download")}
          </Menu.Item>
        ) : (
          <Menu.Item
            leftSection={<IconDownload size={16} />}
            component="a"
            href={downloadUrl(doc.id)}
            download={doc.name}
          >
            {t("knowledge.documents.download")}
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconTrash size={16} />}
          onClick={() => onDelete(doc)}
          disabled={!canEdit}
        >
          {t("knowledge.documents.delete")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function DocumentsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useCurrentUser();
  const { kb } = useKbOutlet();
  useDocumentTitle(`${t("knowledge.documents.pageTitle", { name: kb.name })} · ${t("app.name")}`);
  const isPhone = useMatches({ base: true, md: false });

  const [search, setSearch] = useState("");
  const [keywords] = useDebouncedValue(search.trim(), 300);
  const [run, setRun] = useState<RunFilter | undefined>();
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<DocumentDialog>();
  const [deleting, setDeleting] = useState<KbDocument | undefined>();

  const listInput = {
    kbId: kb.id,
    page,
    pageSize: PAGE_SIZE,
    ...(keywords ? { keywords } : {}),
    ...(run ? { run: [run] } : {}),
  };
  const list = useQuery({
    ...trpc.documents.list.queryOptions(listInput),
    placeholderData: keepPreviousData,
  });

  const refresh = () => {
    void queryClient.invalidateQueries(trpc.documents.list.pathFilter());
    void queryClient.invalidateQueries(trpc.knowledgeBases.get.queryFilter({ id: kb.id }));
    void queryClient.invalidateQueries(trpc.knowledgeBases.list.pathFilter());
  };

  // Live progress: every pushed event patches the cached lists in place; a finished run also
  // refreshes the counters (chunks, tokens, duration) that events do not carry.
  const onEvent = (event: ProgressEvent) => {
    queryClient.setQueriesData<DocumentList>(trpc.documents.list.pathFilter(), (old) =>
      old
        ? {
            ...old,
            items: old.items.map((doc) =>
              doc.id === event.documentId
                ? {
                    ...doc,
                    run: event.run,
                    progress: event.progress,
                    progressMsg: event.progressMsg,
                    chunkCount: event.chunkCount,
                  }
                : doc,
            ),
          }
        : old,
    );
    if (TERMINAL.has(event.run)) {
      refresh();
      void queryClient.invalidateQueries(trpc.chunks.list.pathFilter());
      void queryClient.invalidateQueries(trpc.documents.get.queryFilter({ id: event.documentId }));
    }
  };
  const { isLive } = useDocumentProgress(kb.id, { onEvent, onConnected: refresh });

  const runDocs = useMutation(
    trpc.documents.run.mutationOptions({
      onSuccess: () => notifySuccess(t("knowledge.documents.queued")),
      onError: (error) => notifyError(t("knowledge.documents.run"), errorMessage(error, t)),
      onSettled: refresh,
    }),
  );
  const cancelDocs = useMutation(
    trpc.documents.cancel.mutationOptions({
      onSuccess: () => notifySuccess(t("knowledge.documents.cancelled")),
      onError: (error) => notifyError(t("knowledge.documents.cancelRun"), errorMessage(error, t)),
      onSettled: refresh,
    }),
  );
  const toggle = useMutation(
    trpc.documents.update.mutationOptions({
      onSuccess: (doc) =>
        notifySuccess(
          doc.enabled ? t("knowledge.documents.enabledChanged") : t("knowledge.documents.disabledChanged"),
        ),
      onError: (error) => notifyError(t("knowledge.documents.status"), errorMessage(error, t)),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.documents.delete.mutationOptions({
      onSuccess: () => {
        notifySuccess(t("knowledge.documents.deleted"));
        setDeleting(undefined);
      },
      onSettled: refresh,
    }),
  );

  const menu = (doc: KbDocument) => (
    <DocumentMenu
      doc={doc}
      canEdit={kb.canEdit}
      onRun={(d) => runDocs.mutate({ ids: [d.id] })}
      onCancel={(d) => cancelDocs.mutate({ ids: [d.id] })}
      onDialog={setDialog}
      onDelete={(d) => {
        remove.reset();
        setDeleting(d);
      }}
    />
  );
  const enabledSwitch = (doc: KbDocument) => (
    <Switch
      checked={doc.enabled}
      onChange={(e) => toggle.mutate({ id: doc.id, enabled: e.currentTarget.checked })}
      disabled={!kb.canEdit}
      aria-label={t("knowledge.documents.enabledLabel", { name: doc.name })}
    />
  );
  const nameLink = (doc: KbDocument) => (
    <Anchor
      component={Link}
      to={`/knowledge-bases/${kb.id}/documents/${doc.id}`}
      fw={500}
      size="sm"
      style={{ overflowWrap: "anywhere" }}
      aria-label={t("knowledge.documents.openChunks", { name: doc.name })}
      data-testid="document-link"
    >
      {doc.name}
    </Anchor>
  );

  let body: ReactNode;
  if (list.isPending) body = <LoadingState />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0) {
    body =
      keywords || run ? (
        <EmptyState title={t("knowledge.documents.noMatch")} />
      ) : (
        <EmptyState title={t("knowledge.documents.emptyTitle")} body={t("knowledge.documents.emptyBody")} />
      );
  } else if (isPhone) {
    body = (
      <Stack
        gap="sm"
        aria-label={t("knowledge.documents.tableLabel")}
        component="ul"
        p={0}
        m={0}
        style={{ listStyle: "none" }}
      >
        {list.data.items.map((doc) => (
          <Card
            key={doc.id}
            withBorder
            radius="md"
            padding="sm"
            component="li"
            data-testid="document-row"
            data-name={doc.name}
          >
            <Stack gap={8}>
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <div style={{ minWidth: 0 }}>{nameLink(doc)}</div>
                <Group gap={4} wrap="nowrap">
                  {enabledSwitch(doc)}
                  {menu(doc)}
                </Group>
              </Group>
              <RunStatus doc={doc} />
              <Group gap="xs">
                <Badge variant="outline" size="sm">
                  {t(`knowledge.chunkMethods.${doc.chunkMethod}`)}
                </Badge>
                <Text size="xs" c="dimmed">
                  {formatNumber(doc.chunkCount)} {t("knowledge.documents.chunks")} ·{" "}
                  {formatBytes(doc.size, t)}
                </Text>
              </Group>
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  } else {
    body = (
      <Table verticalSpacing="sm" highlightOnHover aria-label={t("knowledge.documents.tableLabel")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("knowledge.documents.name")}</Table.Th>
            <Table.Th w={200}>{t("knowledge.documents.status")}</Table.Th>
            <Table.Th>{t("knowledge.documents.chunkMethod")}</Table.Th>
            <Table.Th ta="right">{t("knowledge.documents.chunks")}</Table.Th>
            <Table.Th ta="right">{t("knowledge.documents.size")}</Table.Th>
            <Table.Th>{t("knowledge.documents.uploadedAt")}</Table.Th>
            <Table.Th>{t("knowledge.common.enabled")}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t("knowledge.common.actions")}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.items.map((doc) => (
            <Table.Tr key={doc.id} data-testid="document-row" data-name={doc.name}>
              <Table.Td maw={320}>{nameLink(doc)}</Table.Td>
              <Table.Td w={200}>
                <RunStatus doc={doc} />
              </Table.Td>
              <Table.Td>
                <Badge variant="outline" size="sm">
                  {t(`knowledge.chunkMethods.${doc.chunkMethod}`)}
                </Badge>
              </Table.Td>
              <Table.Td ta="right" ff="monospace" data-testid="document-chunks">
                {formatNumber(doc.chunkCount)}
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                  {formatBytes(doc.size, t)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {formatDateTime(doc.createdAt, user.timezone)}
                </Text>
              </Table.Td>
              <Table.Td>{enabledSwitch(doc)}</Table.Td>
              <Table.Td>{menu(doc)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }

  return (
    <Stack gap="md">
      <UploadPanel kbId={kb.id} disabled={!kb.canEdit} />
      <Group justify="space-between" align="flex-end" gap="sm">
        <Group gap="sm" align="flex-end" style={{ flex: 1 }}>
          <TextInput
            label={t("knowledge.documents.searchLabel")}
            placeholder={t("knowledge.documents.searchPlaceholder")}
            leftSection={<IconSearch size={16} aria-hidden />}
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setPage(1);
            }}
            w={{ base: "100%", xs: 260 }}
          />
          <Select
            label={t("knowledge.documents.statusFilter")}
            placeholder={t("knowledge.documents.allStatuses")}
            data={[
              { value: "", label: t("knowledge.documents.allStatuses") },
              ...RUN_FILTERS.map((state) => ({ value: state, label: t(`knowledge.runStates.${state}`) })),
            ]}
            value={run ?? ""}
            onChange={(value) => {
              setRun(isRunFilter(value) ? value : undefined);
              setPage(1);
            }}
            allowDeselect={false}
            w={{ base: "100%", xs: 200 }}
          />
        </Group>
        <Badge variant="dot" color={isLive ? "teal" : "gray"} data-testid="live-indicator" data-live={isLive}>
          {isLive ? t("knowledge.documents.live") : t("knowledge.documents.liveOff")}
        </Badge>
      </Group>
      {body}
      {list.data ? (
        <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={setPage} />
      ) : null}
      <DocumentDialogs dialog={dialog} onClose={() => setDialog(undefined)} />
      <ConfirmModal
        opened={deleting !== undefined}
        title={t("knowledge.documents.deleteTitle", { name: deleting?.name ?? "" })}
        body={t("knowledge.documents.deleteBody")}
        confirmLabel={t("knowledge.documents.delete")}
        isPending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onClose={() => setDeleting(undefined)}
      />
    </Stack>
  );
}
