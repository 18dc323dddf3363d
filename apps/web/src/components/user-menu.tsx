import { Avatar, Group, Menu, Text, UnstyledButton } from "@mantine/core";
import { IconCheck, IconChevronDown, IconLogout, IconUser } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { errorMessage, isUnauthorized } from "../lib/errors";
import { notifyError } from "../lib/notify";
import { SESSION_KEY, useCurrentUser } from "../lib/session";
import { useTRPC } from "../lib/trpc";
import { currentWorkspaceId, setCurrentWorkspaceId } from "../lib/workspace";
import { initials } from "./initials";

export function UserMenu() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  const signedOut = () => {
    // Forget everything cached for this user; the guard then sends the browser to sign in.
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    queryClient.setQueryData(SESSION_KEY, null);
  };
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: signedOut,
      onError: (error) => {
        // An already expired session is as good as signed out.
        if (isUnauthorized(error)) signedOut();
        else notifyError(t("userMenu.signOutFailed"), errorMessage(error, t));
      },
    }),
  );

  // Workspaces this user may act in (pending invitations are accepted on the team page).
  const navigate = useNavigate();
  const memberships = useQuery(trpc.tenants.list.queryOptions());
  const current = useQuery(trpc.tenants.current.queryOptions());
  const workspaces = (memberships.data ?? []).filter((m) => m.role !== "invited");
  const chosen = currentWorkspaceId();
  useEffect(() => {
    // A remembered workspace this user was removed from: back to their own.
    if (chosen && memberships.data && !workspaces.some((w) => w.tenantId === chosen)) {
      setCurrentWorkspaceId(undefined);
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    }
  }, [chosen, memberships.data, workspaces, queryClient]);
  const switchTo = (tenantId: string) => {
    if (tenantId === current.data?.id) return;
    setCurrentWorkspaceId(tenantId);
    // Everything cached belongs to the previous workspace.
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    void navigate("/");
  };

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t("userMenu.open", { name: user.nickname })} data-testid="user-menu">
          <Group gap={8} wrap="nowrap">
            <Avatar src={user.avatar} alt="" radius="xl" size={32} color="indigo">
              {initials(user.nickname)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" maw={160} truncate="end">
              {user.nickname}
            </Text>
            <IconChevronDown size={14} stroke={1.6} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {t("userMenu.signedInAs")}
          <Text size="sm" c="var(--mantine-color-text)" truncate="end">
            {user.email}
          </Text>
        </Menu.Label>
        {workspaces.length > 1 && (
          <>
            <Menu.Divider />
            <Menu.Label>{t("userMenu.workspaces")}</Menu.Label>
            {workspaces.map((w) => (
              <Menu.Item
                key={w.tenantId}
                aria-label={t("userMenu.switchTo", { name: w.tenantName })}
                aria-current={w.tenantId === current.data?.id ? "true" : undefined}
                onClick={() => switchTo(w.tenantId)}
                rightSection={w.tenantId === current.data?.id ? <IconCheck size={14} aria-hidden /> : null}
              >
                <Text size="sm" truncate="end">
                  {w.tenantName}
                </Text>
              </Menu.Item>
            ))}
          </>
        )}
        <Menu.Divider />
        <Menu.Item component={Link} to="/profile" leftSection={<IconUser size={16} stroke={1.6} />}>
          {t("userMenu.profile")}
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} stroke={1.6} />}
          onClick={() => logout.mutate()}
          disabled={logout.isPending}
        >
          {t("userMenu.signOut")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
