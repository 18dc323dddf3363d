import { Anchor, Badge, Group, Stack, Tabs, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconDatabaseSearch, IconFiles, IconSettings } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate, useParams } from "react-router";
import { formatNumber } from "../../components/knowledge/format";
import { ErrorState, LoadingState } from "../../components/knowledge/states";
import { useTRPC } from "../../lib/trpc";
import type { KbOutlet } from "./use-kb";

const TABS = ["documents", "retrieval", "settings"] as const;
type Tab = (typeof TABS)[number];

/** A knowledge base's frame: its name and counters, and the tabs documents / retrieval test / settings. */
export function KnowledgeBaseLayout() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const location = useLocation();
  const { kbId = "" } = useParams();
  const kb = useQuery(trpc.knowledgeBases.get.queryOptions({ id: kbId }));
  const segment = location.pathname.split("/")[3] ?? "documents";
  const tab: Tab = (TABS as readonly string[]).includes(segment) ? (segment as Tab) : "documents";

  const back = (
    <Anchor component={Link} to="/knowledge-bases" size="sm">
      <Group gap={4} wrap="nowrap" component="span">
        <IconArrowLeft size={14} aria-hidden />
        {t("knowledge.kb.allKnowledgeBases")}
      </Group>
    </Anchor>
  );

  if (kb.isPending) return <LoadingState />;
  if (kb.isError) {
    return (
      <Stack maw={1200} mx="auto">
        {back}
        <ErrorState error={kb.error} onRetry={() => void kb.refetch()} />
      </Stack>
    );
  }

  const context: KbOutlet = { kb: kb.data };
  return (
    <Stack maw={1200} mx="auto" gap="md">
      {back}
      <Group justify="space-between" align="flex-end" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Title
            order={1}
            fz={{ base: 22, sm: 28 }}
            style={{ overflowWrap: "anywhere" }}
            data-testid="kb-title"
          >
            {kb.data.name}
          </Title>
          {kb.data.description ? (
            <Text c="dimmed" size="sm" lineClamp={2}>
              {kb.data.description}
            </Text>
          ) : null}
        </div>
        <Group gap={6} data-testid="kb-header-counters">
          <Badge variant="light">
            {t("knowledge.list.docs")} {formatNumber(kb.data.docCount)}
          </Badge>
          <Badge variant="light" color="teal">
            {t("knowledge.list.chunks")} {formatNumber(kb.data.chunkCount)}
          </Badge>
          <Badge variant="light" color="gray">
            {t("knowledge.list.tokens")} {formatNumber(kb.data.tokenCount)}
          </Badge>
        </Group>
      </Group>
      <Tabs
        value={tab}
        onChange={(value) => {
          if (value && value !== tab) void navigate(`/knowledge-bases/${kbId}/${value}`);
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t("knowledge.kb.tabsLabel")}>
          <Tabs.Tab value="documents" leftSection={<IconFiles size={16} aria-hidden />}>
            {t("knowledge.kb.documents")}
          </Tabs.Tab>
          <Tabs.Tab value="retrieval" leftSection={<IconDatabaseSearch size={16} aria-hidden />}>
            {t("knowledge.kb.retrieval")}
          </Tabs.Tab>
          <Tabs.Tab value="settings" leftSection={<IconSettings size={16} aria-hidden />}>
            {t("knowledge.kb.settings")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value={tab} pt="md">
          <Outlet context={context} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
