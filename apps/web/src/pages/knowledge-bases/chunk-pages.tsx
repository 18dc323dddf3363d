import { Badge } from "@mantine/core";
import { IconFileText } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatPages } from "../../components/knowledge/format";

/** The PDF page(s) a chunk came from; nothing for formats without pages. */
export function ChunkPages({ pages }: { pages: readonly number[] }) {
  const { t } = useTranslation();
  if (pages.length === 0) return null;
  const label =
    new Set(pages).size === 1
      ? t("knowledge.chunks.page", { pages: formatPages(pages) })
      : t("knowledge.chunks.pages", { pages: formatPages(pages) });
  return (
    <Badge
      variant="light"
      color="indigo"
      leftSection={<IconFileText size={12} aria-hidden />}
      data-testid="chunk-pages"
    >
      {label}
    </Badge>
  );
}
