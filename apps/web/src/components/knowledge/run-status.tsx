import { ActionIcon, Badge, Code, Group, Popover, Progress, ScrollArea, Stack, Text } from "@mantine/core";
import type { RouterOutputs } from "@ragtime/server/router";
import { IconFileText } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "./format";

type Document = RouterOutputs["documents"]["get"];
type RunState = Document["run"];

export const RUN_COLORS: Record<RunState, string> = {
  UNSTART: "gray",
  QUEUED: "yellow",
  RUNNING: "blue",
  CANCEL: "orange",
  DONE: "teal",
  FAIL: "red",
};

export function isActive(run: RunState): boolean {
  return run === "QUEUED" || run === "RUNNING";
}

/** The newest line of the progress log, without its time stamp. */
function lastLine(log: string | null): string | undefined {
  const line = log?.trim().split("\n").at(-1);
  return line?.replace(/^\d\d:\d\d:\d\d\s+/, "");
}

/** A document's parsing state: a badge, a live progress bar while it runs, and its progress log. */
export function RunStatus({ doc }: { doc: Document }) {
  const { t } = useTranslation();
  const percent = Math.round(doc.progress * 100);
  const latest = lastLine(doc.progressMsg);
  return (
    <Stack gap={4} miw={0} data-testid="run-status" data-run={doc.run}>
      <Group gap={6} wrap="nowrap">
        <Badge color={RUN_COLORS[doc.run]} variant="light" style={{ flexShrink: 0 }}>
          {t(`knowledge.runStates.${doc.run}`)}
        </Badge>
        {isActive(doc.run) ? (
          <Text size="xs" ff="monospace">
            {percent}%
          </Text>
        ) : doc.run === "DONE" && doc.processDurationMs > 0 ? (
          <Text size="xs" c="dimmed" data-testid="run-duration">
            {t("knowledge.documents.duration", {
              seconds: formatNumber(Math.round(doc.processDurationMs / 100) / 10),
            })}
          </Text>
        ) : null}
        <Popover width={420} position="bottom-start" shadow="md" withinPortal>
          <Popover.Target>
            <ActionIcon
              variant="subtle"
              size="sm"
              color="gray"
              aria-label={t("knowledge.documents.progressLogFor", { name: doc.name })}
            >
              <IconFileText size={16} aria-hidden />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown maw="calc(100vw - 32px)">
            <Text size="sm" fw={600} mb={6}>
              {t("knowledge.documents.progressLog")}
            </Text>
            {doc.progressMsg ? (
              <ScrollArea.Autosize mah={260}>
                <Code block data-testid="progress-log" style={{ whiteSpace: "pre-wrap" }}>
                  {doc.progressMsg}
                </Code>
              </ScrollArea.Autosize>
            ) : (
              <Text size="sm" c="dimmed">
                {t("knowledge.documents.noLog")}
              </Text>
            )}
          </Popover.Dropdown>
        </Popover>
      </Group>
      {isActive(doc.run) ? (
        <Progress
          value={Math.max(percent, 2)}
          size="sm"
          striped
          animated={doc.run === "RUNNING"}
          color={RUN_COLORS[doc.run]}
          aria-label={t("knowledge.documents.progressLabel", { name: doc.name })}
          data-testid="parse-progress"
        />
      ) : null}
      {latest && (isActive(doc.run) || doc.run === "FAIL") ? (
        <Text size="xs" c={doc.run === "FAIL" ? "red" : "dimmed"} lineClamp={2} data-testid="progress-line">
          {latest}
        </Text>
      ) : null}
    </Stack>
  );
}
