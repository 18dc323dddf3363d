import { Avatar, Group, Menu, Text, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconLogout, IconUser } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorMessage, isUnauthorized } from "../lib/errors";
import { notifyError } from "../lib/notify";
import { SESSION_KEY, useCurrentUser } from "../lib/session";
import { useTRPC } from "../lib/trpc";
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
