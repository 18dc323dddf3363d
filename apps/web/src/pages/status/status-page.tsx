import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import type { RouterOutputs } from "@ragtime/server/router";
import {
  IconBolt,
  IconDatabase,
  IconInfoCircle,
  IconListDetails,
  IconRefresh,
  IconServer,
  IconServerBolt,
  IconVector,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatNumber } from "../../components/knowledge/format";
import { ErrorState, LoadingState } from "../../components/knowledge/states";
import { useCurrentUser } from "../../lib/session";
import { useTRPC } from "../../lib/trpc";
import { PageHeader } from "../team/page-header";

type Status = RouterOutputs["system"]["status"];

/** Refreshed on its own while open: queue depth is what an operator watches. */
const REFRESH_MS = 5_000;

export function StatusPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  if (!user.isSuperuser) {
    return (
      <Stack maw={1040} mx="auto" gap="lg">
        <PageHeader title={t("workspace.status.title")} subtitle={t("workspace.status.subtitle")} />
        <Alert color="blue" variant="light" icon={<IconInfoCircle />}>
          {t("workspace.status.operatorsOnly")}
        </Alert>
      </Stack>
    );
  }
  return <StatusView />;
}

function StatusView() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const user = useCurrentUser();
  const status = useQuery({ ...trpc.system.status.queryOptions(), refetchInterval: REFRESH_MS });
  return (
    <Stack maw={1040} mx="auto" gap="lg">
      <PageHeader
        title={t("workspace.status.title")}
        subtitle={t("workspace.status.subtitle")}
        action={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            loading={status.isFetching && !status.isPending}
            onClick={() => void status.refetch()}
          >
            {t("workspace.status.refresh")}
          </Button>
        }
      />
      {status.isPending ? (
        <LoadingState />
      ) : status.isError && !status.data ? (
        <ErrorState error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <>
          <Text size="xs" c="dimmed" aria-live="polite">
            {t("workspace.status.checkedAt", { time: formatDateTime(status.data.checkedAt, user.timezone) })}
          </Text>
          <StatusCards status={status.data} />
        </>
      )}
    </Stack>
  );
}

function StatusCards({ status }: { status: Status }) {
  const { t } = useTranslation();
  const { database, redis, queue, workers, server } = status;
  const ms = (value: number | null) =>
    value === null ? "—" : t("workspace.status.ms", { value: formatNumber(value) });
  const count = (value: number | null) => (value === null ? "—" : formatNumber(value));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" data-testid="status-cards">
      <StatusCard
        icon={<IconDatabase size={20} />}
        title={t("workspace.status.database")}
        state={<Reachability isReachable={database.isReachable} />}
      >
        <Fact
          label={t("workspace.status.dialect")}
          value={t(`workspace.status.dialects.${database.dialect}`)}
        />
        <Fact label={t("workspace.status.location")} value={database.label} />
        <Fact label={t("workspace.status.latency")} value={ms(database.latencyMs)} />
      </StatusCard>

      <StatusCard
        icon={<IconVector size={20} />}
        title={t("workspace.status.vectors")}
        state={
          database.vectorMode === null ? (
            <Badge color="gray" variant="light">
              {t("workspace.status.unknown")}
            </Badge>
          ) : (
            <Badge color={database.vectorMode === "pgvector" ? "teal" : "yellow"} variant="light">
              {t(`workspace.status.vectorModes.${database.vectorMode}`)}
            </Badge>
          )
        }
      >
        <Text size="sm">
          {database.vectorMode === "pgvector"
            ? t("workspace.status.pgvectorHelp")
            : database.vectorMode === "exact-scan"
              ? t("workspace.status.exactScanHelp")
              : t("workspace.status.vectorsUnknown")}
        </Text>
        {database.vectorModeReason ? (
          <Text size="xs" c="dimmed">
            {database.vectorModeReason}
          </Text>
        ) : null}
      </StatusCard>

      <StatusCard
        icon={<IconBolt size={20} />}
        title={t("workspace.status.redis")}
        state={
          redis.isConfigured ? (
            <Reachability isReachable={redis.isReachable ?? false} />
          ) : (
            <Badge color="gray" variant="light">
              {t("workspace.status.notConfigured")}
            </Badge>
          )
        }
      >
        <Text size="sm">
          {redis.isConfigured ? t("workspace.status.redisHelp") : t("workspace.status.noRedisHelp")}
        </Text>
        {redis.isConfigured ? (
          <Fact label={t("workspace.status.latency")} value={ms(redis.latencyMs)} />
        ) : null}
      </StatusCard>

      <StatusCard
        icon={<IconListDetails size={20} />}
        title={t("workspace.status.queue")}
        state={<Reachability isReachable={queue.isReachable} />}
      >
        <Fact
          label={t("workspace.status.queueKind")}
          value={t(`workspace.status.queueKinds.${queue.kind}`)}
        />
        <QueueBar waiting={queue.waiting} active={queue.active} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="lg" verticalSpacing={4}>
          <Fact label={t("workspace.status.waiting")} value={count(queue.waiting)} testId="queue-waiting" />
          <Fact label={t("workspace.status.active")} value={count(queue.active)} testId="queue-active" />
          <Fact label={t("workspace.status.failed")} value={count(queue.failed)} />
          <Fact label={t("workspace.status.completed")} value={count(queue.completed)} />
        </SimpleGrid>
      </StatusCard>

      <StatusCard
        icon={<IconServerBolt size={20} />}
        title={t("workspace.status.workers")}
        state={
          <Badge color="blue" variant="light">
            {t(`workspace.status.workerModes.${workers.mode}`)}
          </Badge>
        }
      >
        <Text size="sm">
          {workers.mode === "in-process"
            ? t("workspace.status.inProcessHelp")
            : t("workspace.status.separateHelp")}
        </Text>
        <Fact label={t("workspace.status.concurrency")} value={formatNumber(workers.concurrency)} />
        <Fact
          label={t("workspace.status.lease")}
          value={t("workspace.status.seconds", { value: formatNumber(workers.leaseMs / 1000) })}
        />
        <Fact
          label={t("workspace.status.embeddings")}
          value={workers.isEmbeddingEnabled ? t("workspace.status.on") : t("workspace.status.off")}
        />
      </StatusCard>

      <StatusCard icon={<IconServer size={20} />} title={t("workspace.status.server")}>
        <Fact label={t("workspace.status.uptime")} value={formatUptime(server.uptimeSeconds, t)} />
        <Fact label={t("workspace.status.node")} value={server.nodeVersion} />
      </StatusCard>
    </SimpleGrid>
  );
}

function StatusCard({
  icon,
  title,
  state,
  children,
}: {
  icon: ReactNode;
  title: string;
  state?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-label={title}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <ThemeIcon variant="light" radius="md" aria-hidden>
              {icon}
            </ThemeIcon>
            <Title order={2} fz="md">
              {title}
            </Title>
          </Group>
          {state ? <div style={{ flexShrink: 0 }}>{state}</div> : null}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Group gap="xs" justify="space-between" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} ta="right" style={{ overflowWrap: "anywhere" }} data-testid={testId}>
        {value}
      </Text>
    </Group>
  );
}

function Reachability({ isReachable }: { isReachable: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={isReachable ? "teal" : "red"} variant="light">
      {isReachable ? t("workspace.status.reachable") : t("workspace.status.unreachable")}
    </Badge>
  );
}

/** Waiting vs running tasks, one bar: seen at a glance rather than read. */
function QueueBar({ waiting, active }: { waiting: number | null; active: number | null }) {
  const { t } = useTranslation();
  if (waiting === null || active === null) return null;
  const total = waiting + active;
  if (total === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("workspace.status.queueIdle")}
      </Text>
    );
  }
  const activeShare = (active / total) * 100;
  return (
    <div
      role="img"
      aria-label={t("workspace.status.queueBar", {
        active: formatNumber(active),
        waiting: formatNumber(waiting),
      })}
      style={{ display: "flex", height: 10, borderRadius: 5, overflow: "hidden" }}
    >
      <div style={{ width: `${activeShare}%`, background: "var(--mantine-color-blue-6)" }} />
      <div style={{ flex: 1, background: "var(--mantine-color-yellow-4)" }} />
    </div>
  );
}

function formatUptime(seconds: number, t: TFunction): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return t("workspace.status.uptimeDays", { d: formatNumber(days), h: formatNumber(hours) });
  if (hours > 0)
    return t("workspace.status.uptimeHours", { h: formatNumber(hours), m: formatNumber(minutes) });
  return t("workspace.status.uptimeMinutes", { m: formatNumber(minutes) });
}
