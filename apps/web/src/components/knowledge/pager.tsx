import { ActionIcon, Group, Text } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/**
 * Previous/next paging with "1–30 of 95". Our own rather than Mantine's Pagination, whose page
 * buttons carry no translatable accessible names.
 */
export function Pager({
  page,
  pageSize,
  total,
  onChange,
}: {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
}) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && page === 1) return null;
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <Group
      component="nav"
      aria-label={t("knowledge.common.pagination")}
      justify="space-between"
      gap="xs"
      wrap="nowrap"
    >
      <Text size="sm" c="dimmed">
        {t("knowledge.common.showing", { from, to, total })}
      </Text>
      <Group gap={6} wrap="nowrap">
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={t("knowledge.common.previous")}
          disabled={page <= 1}
          onClick={() => onChange(page - 1)}
        >
          <IconChevronLeft size={18} aria-hidden />
        </ActionIcon>
        <Text size="sm" aria-live="polite">
          {t("knowledge.common.pageOf", { page, pages })}
        </Text>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={t("knowledge.common.next")}
          disabled={page >= pages}
          onClick={() => onChange(page + 1)}
        >
          <IconChevronRight size={18} aria-hidden />
        </ActionIcon>
      </Group>
    </Group>
  );
}
