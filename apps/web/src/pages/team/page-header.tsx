import { Group, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** A workspace screen's heading, its one-line purpose, its main action, and the tab title. */
export function PageHeader({
  title,
  subtitle,
  action,
}: {
  title: string;
  subtitle: string;
  action?: ReactNode;
}) {
  const { t } = useTranslation();
  useDocumentTitle(`${title} · ${t("app.name")}`);
  return (
    <Group justify="space-between" align="flex-end" gap="sm">
      <div style={{ minWidth: 0, flex: "1 1 280px" }}>
        <Title order={1} fz={{ base: 24, sm: 28 }}>
          {title}
        </Title>
        <Text c="dimmed" size="sm">
          {subtitle}
        </Text>
      </div>
      {action}
    </Group>
  );
}
