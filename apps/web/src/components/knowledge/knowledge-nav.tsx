import { NavLink, Text } from "@mantine/core";
import { IconDatabase } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

/** The knowledge section of the app's navigation. */
export function KnowledgeNav({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const location = useLocation();
  const isActive = location.pathname.startsWith("/knowledge-bases");
  return (
    <>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" py={6}>
        {t("knowledge.nav.section")}
      </Text>
      <NavLink
        component={Link}
        to="/knowledge-bases"
        label={t("knowledge.nav.knowledgeBases")}
        leftSection={<IconDatabase size={18} stroke={1.6} />}
        active={isActive}
        onClick={onNavigate}
        aria-current={isActive ? "page" : undefined}
        mb="sm"
      />
    </>
  );
}
