import { Badge } from "@mantine/core";
import { IconFileText } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatPages } from "../../components/knowledge/format";

/**
 * The PDF page(s) a chunk came from. Only PDFs have pages a reader can open; other formats get
 * a page 1 from the parser, which would mean nothing to them.
 */
export function ChunkPages({ pages, documentName }: { pages: readonly number[]; documentName: string }) {
  const { t } = useTranslation();
  if (pages.length === 0 || !documentName.toLowerCase().endsWith(".pdf")) return null;
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
