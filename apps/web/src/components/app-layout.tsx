import { AppShell, Burger, Group, NavLink, ScrollArea, Text, useMatches } from "@mantine/core";
import { useDisclosure, useReducedMotion } from "@mantine/hooks";
import { IconUserCircle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { Brand } from "./brand";
import { WorkspaceNav } from "./chat/workspace-nav";
import { ColorSchemeToggle } from "./color-scheme-toggle";
import { KnowledgeNav } from "./knowledge/knowledge-nav";
import { LanguageMenu } from "./language-menu";
import { MAIN_CONTENT_ID, SkipLink } from "./skip-link";
import { UserMenu } from "./user-menu";

const NAV = [{ to: "/profile", label: "nav.profile", icon: IconUserCircle }] as const;

/** The signed-in frame: header (brand, language, theme, user menu) and a navigation that folds on phones. */
export function AppLayout() {
  const { t } = useTranslation();
  const [isNavOpen, nav] = useDisclosure(false);
  const location = useLocation();
  const isPhone = useMatches({ base: true, sm: false });
  // Folded off-screen, the navigation must not catch keyboard focus or screen-reader browsing.
  const isNavHidden = isPhone && !isNavOpen;
  const isMotionReduced = useReducedMotion();

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !isNavOpen } }}
      padding={{ base: "md", sm: "xl" }}
      // The theme's reduced-motion switch does not reach the shell's own slide-in.
      transitionDuration={isMotionReduced ? 0 : 200}
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={isNavOpen}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t("nav.toggle")}
              aria-expanded={isNavOpen}
              aria-controls="main-navigation"
            />
            <Link to="/" style={{ color: "inherit", textDecoration: "none" }}>
              <Brand />
            </Link>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageMenu />
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" id="main-navigation" aria-label={t("nav.main")} inert={isNavHidden}>
        <ScrollArea>
          <KnowledgeNav onNavigate={nav.close} />
          <WorkspaceNav onNavigate={nav.close} />
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" py={6}>
            {t("nav.account")}
          </Text>
          {NAV.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(item.label)}
              leftSection={<item.icon size={18} stroke={1.6} />}
              active={location.pathname.startsWith(item.to)}
              // On a phone the navigation covers the page: following a link folds it away.
              onClick={nav.close}
              aria-current={location.pathname.startsWith(item.to) ? "page" : undefined}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
