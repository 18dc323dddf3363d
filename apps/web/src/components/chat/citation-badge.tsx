import { Anchor, Badge, Group, Popover, Stack, Text, UnstyledButton } from "@mantine/core";
import type { RouterOutputs } from "@ragtime/server/router";
import { IconFileText } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatPages, formatScore } from "../knowledge/format";
import classes from "./chat.module.css";

type ReferenceChunk = NonNullable<
  RouterOutputs["conversations"]["get"]["messages"][number]["reference"]
>["chunks"][number];

/** Where a passage lives: its document's page in the knowledge base (the passage picked out). */
export function documentPath(chunk: { kbId: string; documentId: string; id?: string }): string {
  const base = `/knowledge-bases/${chunk.kbId}/documents/${chunk.documentId}`;
  return chunk.id ? `${base}?chunk=${chunk.id}` : base;
}

/**
 * A citation `[ID:n]` as a small numbered badge; it opens the cited passage and a link to its
 * document. While the answer still streams the reference is not known yet: the badge waits.
 */
export function CitationBadge({ index, chunk }: { index: number; chunk: ReferenceChunk | undefined }) {
  const { t } = useTranslation();
  const label = String(index + 1);
  if (!chunk) {
    return (
      <Badge
        component="span"
        size="sm"
        variant="light"
        color="gray"
        mx={2}
        aria-label={t("workspace.chat.citationPending", { n: label })}
      >
        {label}
      </Badge>
    );
  }
  return (
    <Popover width={380} position="bottom" withArrow shadow="md" trapFocus returnFocus>
      <Popover.Target>
        <UnstyledButton
          component="button"
          type="button"
          aria-label={t("workspace.chat.citation", { n: label, document: chunk.documentName })}
          data-testid="citation"
          style={{ display: "inline-flex", verticalAlign: "baseline", margin: "0 2px" }}
        >
          <Badge component="span" size="sm" variant="filled" style={{ cursor: "pointer" }}>
            {label}
          </Badge>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown maw="calc(100vw - 24px)" data-testid="citation-passage">
        <Stack gap="xs">
          <Group gap={6} wrap="nowrap">
            <IconFileText size={16} stroke={1.6} aria-hidden />
            <Text fw={600} size="sm" truncate="end">
              {chunk.documentName}
            </Text>
          </Group>
          {chunk.pageNumbers.length > 0 ? (
            <Text size="xs" c="dimmed">
              {t("workspace.chat.pages", { pages: formatPages(chunk.pageNumbers) })}
            </Text>
          ) : null}
          <Text size="sm" className={classes.passage} data-testid="passage-text">
            {chunk.content}
          </Text>
          <Text size="xs" c="dimmed">
            {t("workspace.chat.scores", {
              similarity: formatScore(chunk.similarity),
              term: formatScore(chunk.termSimilarity),
              vector: formatScore(chunk.vectorSimilarity),
            })}
          </Text>
          <Anchor component={Link} to={documentPath(chunk)} size="sm">
            {t("workspace.chat.openDocument")}
          </Anchor>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
