import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Spoiler,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { IconArrowLeft, IconEdit, IconPlus, IconSearch, IconTrash } from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ConfirmModal } from "../../components/knowledge/confirm-modal";
import { formatNumber } from "../../components/knowledge/format";
import { Pager } from "../../components/knowledge/pager";
import { useDocumentProgress } from "../../components/knowledge/progress-subscription";
import { isActive, RunStatus } from "../../components/knowledge/run-status";
import { EmptyState, ErrorState, LoadingState } from "../../components/knowledge/states";
import { errorMessage } from "../../lib/errors";
import { notifyError, notifySuccess } from "../../lib/notify";
import { useTRPC } from "../../lib/trpc";
import { ChunkEditor } from "./chunk-editor";
import { ChunkPages } from "./chunk-pages";
import { type Chunk, useKbOutlet } from "./use-kb";

const PAGE_SIZE = 20;
type Availability = "all" | "enabled" | "disabled";

function ChunkCard({
  chunk,
  index,
  canEdit,
  onEdit,
  onDelete,
  onToggle,
}: {
  chunk: Chunk;
  index: number;
  canEdit: boolean;
  onEdit: () => void;
  onDelete: () => void;
  onToggle: (available: boolean) => void;
}) {
  const { t } = useTranslation();
  const label = t("knowledge.chunks.chunkLabel", { index });
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="li"
      aria-label={label}
      data-testid="chunk-card"
      style={{ opacity: chunk.available ? 1 : 0.65 }}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Group gap={6}>
            <Text size="sm" fw={600}>
              {label}
            </Text>
            <ChunkPages pages={chunk.pageNumbers} documentName={chunk.documentName} />
            <Badge variant="light" color="gray">
              {t("knowledge.common.tokens", {
                count: chunk.tokenCount,
                value: formatNumber(chunk.tokenCount),
              })}
            </Badge>
            {chunk.hasVector ? null : (
              <Badge variant="outline" color="gray" size="sm">
                {t("knowledge.chunks.notEmbedded")}
              </Badge>
            )}
          </Group>
          <Group gap={4} wrap="nowrap">
            <Switch
              checked={chunk.available}
              onChange={(e) => onToggle(e.currentTarget.checked)}
              disabled={!canEdit}
              aria-label={`${t("knowledge.chunks.enabledLabel")}: ${label}`}
            />
            <ActionIcon
              variant="subtle"
              onClick={onEdit}
              aria-label={`${t("knowledge.common.edit")}: ${label}`}
              data-testid="chunk-edit"
            >
              <IconEdit size={18} aria-hidden />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              onClick={onDelete}
              disabled={!canEdit}
              aria-label={`${t("knowledge.common.delete")}: ${label}`}
            >
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
        <Spoiler
          maxHeight={120}
          showLabel={t("knowledge.common.showMore")}
          hideLabel={t("knowledge.common.showLess")}
          transitionDuration={0}
        >
          <Text
            size="sm"
            style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
            data-testid="chunk-content-text"
          >
            {chunk.content}
          </Text>
        </Spoiler>
        {chunk.importantKeywords.length > 0 ? (
          <Group gap={4}>
            {chunk.importantKeywords.map((k) => (
              <Badge key={k} variant="dot" size="sm">
                {k}
              </Badge>
            ))}
          </Group>
        ) : null}
        {chunk.questions.length > 0 ? (
          <Stack gap={2}>
            {chunk.questions.map((q) => (
              <Text key={q} size="xs" c="dimmed">
                ? {q}
              </Text>
            ))}
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}

export function ChunksPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { kb } = useKbOutlet();
  const { documentId = "" } = useParams();
  const [search, setSearch] = useState("");
  const [keywords] = useDebouncedValue(search.trim(), 300);
  const [availability, setAvailability] = useState<Availability>("all");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ chunk: Chunk | undefined } | undefined>();
  const [deleting, setDeleting] = useState<Chunk | undefined>();

  const doc = useQuery(trpc.documents.get.queryOptions({ id: documentId }));
  useDocumentTitle(`${t("knowledge.chunks.pageTitle", { name: doc.data?.name ?? "" })} · ${t("app.name")}`);
  const chunks = useQuery({
    ...trpc.chunks.list.queryOptions({
      documentId,
      page,
      pageSize: PAGE_SIZE,
      ...(keywords ? { keywords } : {}),
      ...(availability === "all" ? {} : { available: availability === "enabled" }),
    }),
    placeholderData: keepPreviousData,
  });

  const refresh = () => {
    void queryClient.invalidateQueries(trpc.chunks.list.pathFilter());
    void queryClient.invalidateQueries(trpc.documents.get.queryFilter({ id: documentId }));
  };
  // A document parsed while its chunks are open: its status follows live, its chunks when it ends.
  useDocumentProgress(kb.id, {
    onEvent: (event) => {
      if (event.documentId !== documentId) return;
      queryClient.setQueryData(trpc.documents.get.queryKey({ id: documentId }), (old) =>
        old
          ? {
              ...old,
              run: event.run,
              progress: event.progress,
              progressMsg: event.progressMsg,
              chunkCount: event.chunkCount,
            }
          : old,
      );
      if (!isActive(event.run)) refresh();
    },
    onConnected: refresh,
  });
  const toggle = useMutation(
    trpc.chunks.setAvailable.mutationOptions({
      onError: (error) => notifyError(t("knowledge.chunks.enabledLabel"), errorMessage(error, t)),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.chunks.delete.mutationOptions({
      onSuccess: () => {
        notifySuccess(t("knowledge.chunks.deleted"));
        setDeleting(undefined);
        void queryClient.invalidateQueries(trpc.knowledgeBases.get.queryFilter({ id: kb.id }));
        void queryClient.invalidateQueries(trpc.documents.list.pathFilter());
      },
      onSettled: refresh,
    }),
  );

  const back = (
    <Anchor component={Link} to={`/knowledge-bases/${kb.id}/documents`} size="sm">
      <Group gap={4} wrap="nowrap" component="span">
        <IconArrowLeft size={14} aria-hidden />
        {t("knowledge.chunks.backToDocuments")}
      </Group>
    </Anchor>
  );
  if (doc.isPending) return <LoadingState />;
  if (doc.isError) {
    return (
      <Stack>
        {back}
        <ErrorState error={doc.error} onRetry={() => void doc.refetch()} />
      </Stack>
    );
  }

  const canEdit = kb.canEdit;
  let body: ReactNode;
  if (chunks.isPending) body = <LoadingState />;
  else if (chunks.isError) body = <ErrorState error={chunks.error} onRetry={() => void chunks.refetch()} />;
  else if (chunks.data.items.length === 0) {
    body =
      keywords || availability !== "all" ? (
        <EmptyState title={t("knowledge.chunks.noMatch")} />
      ) : (
        <EmptyState title={t("knowledge.chunks.emptyTitle")} body={t("knowledge.chunks.emptyBody")} />
      );
  } else {
    body = (
      <Stack
        component="ol"
        gap="sm"
        p={0}
        m={0}
        style={{ listStyle: "none" }}
        aria-label={t("knowledge.chunks.count", {
          count: chunks.data.total,
          value: formatNumber(chunks.data.total),
        })}
      >
        {chunks.data.items.map((chunk, i) => (
          <ChunkCard
            key={chunk.id}
            chunk={chunk}
            index={(page - 1) * PAGE_SIZE + i + 1}
            canEdit={canEdit}
            onEdit={() => setEditing({ chunk })}
            onDelete={() => {
              remove.reset();
              setDeleting(chunk);
            }}
            onToggle={(available) => toggle.mutate({ ids: [chunk.id], available })}
          />
        ))}
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      {back}
      <Card withBorder radius="lg" padding="md">
        <Stack gap={6}>
          <Title order={2} fz="lg" style={{ overflowWrap: "anywhere" }} data-testid="document-title">
            {doc.data.name}
          </Title>
          <Group gap="xs">
            <Badge variant="outline">{t(`knowledge.chunkMethods.${doc.data.chunkMethod}`)}</Badge>
            <Text size="sm" c="dimmed">
              {t("knowledge.chunks.count", {
                count: doc.data.chunkCount,
                value: formatNumber(doc.data.chunkCount),
              })}{" "}
              ·{" "}
              {t("knowledge.common.tokens", {
                count: doc.data.tokenCount,
                value: formatNumber(doc.data.tokenCount),
              })}
            </Text>
          </Group>
          <RunStatus doc={doc.data} />
        </Stack>
      </Card>
      <Group justify="space-between" align="flex-end" gap="sm">
        <Group gap="sm" align="flex-end" style={{ flex: 1 }}>
          <TextInput
            label={t("knowledge.chunks.searchLabel")}
            placeholder={t("knowledge.chunks.searchPlaceholder")}
            leftSection={<IconSearch size={16} aria-hidden />}
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setPage(1);
            }}
            w={{ base: "100%", xs: 280 }}
          />
          <Select
            label={t("knowledge.chunks.availability")}
            data={[
              { value: "all", label: t("knowledge.chunks.all") },
              { value: "enabled", label: t("knowledge.chunks.onlyEnabled") },
              { value: "disabled", label: t("knowledge.chunks.onlyDisabled") },
            ]}
            value={availability}
            allowDeselect={false}
            onChange={(value) => {
              setAvailability(value === "enabled" || value === "disabled" ? value : "all");
              setPage(1);
            }}
            w={{ base: "100%", xs: 200 }}
          />
        </Group>
        {canEdit ? (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing({ chunk: undefined })}>
            {t("knowledge.chunks.add")}
          </Button>
        ) : null}
      </Group>
      {body}
      {chunks.data ? (
        <Pager page={page} pageSize={PAGE_SIZE} total={chunks.data.total} onChange={setPage} />
      ) : null}
      {editing ? (
        <ChunkEditor
          key={editing.chunk?.id ?? "new"}
          documentId={documentId}
          chunk={editing.chunk}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
      <ConfirmModal
        opened={deleting !== undefined}
        title={t("knowledge.chunks.deleteTitle")}
        body={t("knowledge.chunks.deleteBody")}
        confirmLabel={t("knowledge.common.delete")}
        isPending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate({ ids: [deleting.id] })}
        onClose={() => setDeleting(undefined)}
      />
    </Stack>
  );
}
