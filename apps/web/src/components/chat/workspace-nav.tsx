import { NavLink, Text } from "@mantine/core";
import { IconActivityHeartbeat, IconCpu, IconKey, IconMessages, IconUsers } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { useCurrentUser } from "../../lib/session";

const WORKSPACE = [
  { to: "/chats", label: "workspace.nav.chats", icon: IconMessages },
  { to: "/team", label: "workspace.nav.team", icon: IconUsers },
  { to: "/api-keys", label: "workspace.nav.apiKeys", icon: IconKey },
  { to: "/models", label: "workspace.nav.models", icon: IconCpu },
] as const;

const ADMIN = [{ to: "/status", label: "workspace.nav.status", icon: IconActivityHeartbeat }] as const;

/**
 * The workspace and administration sections of the app's navigation. Administration is shown to
 * superusers only: the status page describes the whole instance.
 */
export function WorkspaceNav({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const location = useLocation();
  const link = (item: (typeof WORKSPACE)[number] | (typeof ADMIN)[number]) => {
    const isActive = location.pathname === item.to || location.pathname.startsWith(`${item.to}/`);
    return (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={t(item.label)}
        leftSection={<item.icon size={18} stroke={1.6} />}
        active={isActive}
        onClick={onNavigate}
        aria-current={isActive ? "page" : undefined}
      />
    );
  };
  return (
    <>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" py={6}>
        {t("workspace.nav.section")}
      </Text>
      {WORKSPACE.map(link)}
      {user.isSuperuser ? (
        <>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" py={6} mt="sm">
            {t("workspace.nav.admin")}
          </Text>
          {ADMIN.map(link)}
        </>
      ) : null}
      <div style={{ height: "var(--mantine-spacing-sm)" }} />
    </>
  );
}
