import {
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue, useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { IconLock, IconPlus, IconSearch, IconUsers } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDate, formatNumber } from "../../components/knowledge/format";
import { Pager } from "../../components/knowledge/pager";
import { EmptyState, ErrorState, LoadingState } from "../../components/knowledge/states";
import { useCurrentUser } from "../../lib/session";
import { useTRPC } from "../../lib/trpc";
import { CreateKnowledgeBaseModal } from "./create-knowledge-base-modal";
import type { KnowledgeBase } from "./use-kb";

const PAGE_SIZE = 24;

function Counter({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="sm">
        {formatNumber(value)}
      </Text>
    </div>
  );
}

function KnowledgeBaseCard({ kb }: { kb: KnowledgeBase }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="kb-card">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <UnstyledButton
            component={Link}
            to={`/knowledge-bases/${kb.id}/documents`}
            aria-label={t("knowledge.list.open", { name: kb.name })}
            style={{ minWidth: 0 }}
          >
            <Title order={2} fz="lg" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
              {kb.name}
            </Title>
          </UnstyledButton>
          <Badge
            variant="light"
            color={kb.permission === "team" ? "teal" : "gray"}
            leftSection={kb.permission === "team" ? <IconUsers size={12} /> : <IconLock size={12} />}
            style={{ flexShrink: 0 }}
          >
            {t(`knowledge.permissions.${kb.permission}`)}
          </Badge>
        </Group>
        {kb.description ? (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {kb.description}
          </Text>
        ) : null}
        <Group gap="xs">
          <Badge variant="outline">{t(`knowledge.chunkMethods.${kb.chunkMethod}`)}</Badge>
          {kb.canEdit ? null : (
            <Badge variant="outline" color="gray">
              {t("knowledge.list.readOnly")}
            </Badge>
          )}
        </Group>
        <SimpleGrid cols={3} spacing="xs" mt="auto" data-testid="kb-counters">
          <Counter label={t("knowledge.list.docs")} value={kb.docCount} />
          <Counter label={t("knowledge.list.chunks")} value={kb.chunkCount} />
          <Counter label={t("knowledge.list.tokens")} value={kb.tokenCount} />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t("knowledge.list.updated", { date: formatDate(kb.updatedAt, user.timezone) })}
        </Text>
      </Stack>
    </Card>
  );
}

export function KnowledgeBasesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  useDocumentTitle(`${t("knowledge.list.pageTitle")} · ${t("app.name")}`);
  const [search, setSearch] = useState("");
  const [keywords] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const [isCreating, creating] = useDisclosure(false);
  const list = useQuery({
    ...trpc.knowledgeBases.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      orderBy: "updatedAt",
      order: "desc",
      ...(keywords ? { keywords } : {}),
    }),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack maw={1200} mx="auto" gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Title order={1} fz={{ base: 24, sm: 28 }}>
            {t("knowledge.list.title")}
          </Title>
          <Text c="dimmed" size="sm">
            {t("knowledge.list.subtitle")}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={18} />} onClick={creating.open}>
          {t("knowledge.list.create")}
        </Button>
      </Group>
      <TextInput
        label={t("knowledge.list.searchLabel")}
        placeholder={t("knowledge.list.searchPlaceholder")}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setPage(1);
        }}
        maw={360}
        type="search"
      />
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        keywords ? (
          <EmptyState title={t("knowledge.list.noMatch")} />
        ) : (
          <EmptyState
            title={t("knowledge.list.emptyTitle")}
            body={t("knowledge.list.emptyBody")}
            action={
              <Button mt="sm" leftSection={<IconPlus size={18} />} onClick={creating.open}>
                {t("knowledge.list.create")}
              </Button>
            }
          />
        )
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {list.data.items.map((kb) => (
              <KnowledgeBaseCard key={kb.id} kb={kb} />
            ))}
          </SimpleGrid>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={setPage} />
        </>
      )}
      <CreateKnowledgeBaseModal opened={isCreating} onClose={creating.close} />
    </Stack>
  );
}
