import {
  Avatar,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import type { RouterOutputs } from "@ragtime/server/router";
import { IconLogout, IconMailPlus, IconUserMinus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/error-alert";
import { initials } from "../../components/initials";
import { ConfirmModal } from "../../components/knowledge/confirm-modal";
import { formatDate } from "../../components/knowledge/format";
import { EmptyState, ErrorState, LoadingState } from "../../components/knowledge/states";
import { errorField, errorMessage } from "../../lib/errors";
import { notifyError, notifySuccess } from "../../lib/notify";
import { useCurrentUser } from "../../lib/session";
import { useTRPC } from "../../lib/trpc";
import { checkEmail } from "../../lib/validation";
import { PageHeader } from "./page-header";
import { useWorkspace } from "./use-workspace";

type Member = RouterOutputs["team"]["list"][number];
type Membership = RouterOutputs["tenants"]["list"][number];
type Role = Member["role"];

const ROLE_COLOR: Record<Role, string> = {
  owner: "indigo",
  admin: "teal",
  member: "gray",
  invited: "yellow",
};

export function TeamPage() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  return (
    <Stack maw={960} mx="auto" gap="lg">
      <PageHeader
        title={t("workspace.team.title")}
        subtitle={
          workspace.data
            ? t("workspace.team.subtitle", { name: workspace.data.name })
            : t("workspace.team.subtitleAny")
        }
      />
      {workspace.isError ? (
        <ErrorState error={workspace.error} onRetry={() => void workspace.refetch()} />
      ) : null}
      {workspace.canManage ? <InviteForm /> : null}
      <MemberList canManage={workspace.canManage} />
      <MyWorkspaces />
    </Stack>
  );
}

function InviteForm() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | undefined>();
  const invite = useMutation(
    trpc.team.invite.mutationOptions({
      onSuccess: async (member) => {
        await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
        notifySuccess(t("workspace.team.invited", { email: member.email }));
        setEmail("");
      },
    }),
  );
  const serverError =
    invite.error && errorField(invite.error) === "email" ? errorMessage(invite.error, t) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const error = checkEmail(email, t);
    setEmailError(error);
    if (!error) invite.mutate({ email: email.trim() });
  };
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="invite-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} fz="lg" id="invite-title">
            {t("workspace.team.inviteTitle")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("workspace.team.inviteHint")}
          </Text>
          {invite.error && !serverError ? <ErrorAlert error={invite.error} /> : null}
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label={t("common.email")}
              type="email"
              autoComplete="off"
              placeholder="name@example.com"
              value={email}
              onChange={(e) => {
                setEmail(e.currentTarget.value);
                if (invite.error) invite.reset();
              }}
              error={emailError ?? serverError}
              style={{ flex: "1 1 240px" }}
              required
            />
            <Button
              type="submit"
              mt={{ base: 0, xs: 25 }}
              loading={invite.isPending}
              leftSection={<IconMailPlus size={16} />}
            >
              {t("workspace.team.invite")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function MemberList({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const members = useQuery(trpc.team.list.queryOptions());
  const [removing, setRemoving] = useState<Member | undefined>();
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="members-title">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="members-title">
          {t("workspace.team.membersTitle")}
        </Title>
        {members.isPending ? (
          <LoadingState />
        ) : members.isError ? (
          <ErrorState error={members.error} onRetry={() => void members.refetch()} />
        ) : (
          <Stack gap={0} data-testid="members">
            {members.data.map((member) => (
              <MemberRow
                key={member.userId}
                member={member}
                canManage={canManage}
                onRemove={() => setRemoving(member)}
              />
            ))}
          </Stack>
        )}
      </Stack>
      <RemoveModal member={removing} onClose={() => setRemoving(undefined)} />
    </Card>
  );
}

function MemberRow({
  member,
  canManage,
  onRemove,
}: {
  member: Member;
  canManage: boolean;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const changeRole = useMutation(
    trpc.team.changeRole.mutationOptions({
      onSuccess: async (updated) => {
        await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
        notifySuccess(
          t("workspace.team.roleChanged", {
            name: updated.nickname,
            role: t(`workspace.roles.${updated.role}`),
          }),
        );
      },
      onError: (error) => notifyError(t("workspace.team.roleChangeFailed"), errorMessage(error, t)),
    }),
  );
  const isMe = member.userId === me.id;
  const isManaged = canManage && !isMe && member.role !== "owner";
  return (
    <Group
      justify="space-between"
      py="sm"
      gap="sm"
      wrap="wrap"
      style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}
      data-testid="member-row"
    >
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: "1 1 240px" }}>
        <Avatar src={member.avatar} alt="" radius="xl" color="indigo">
          {initials(member.nickname)}
        </Avatar>
        <div style={{ minWidth: 0 }}>
          <Text fw={500} truncate="end">
            {member.nickname}
            {isMe ? (
              <Text span c="dimmed" size="sm">
                {" "}
                {t("workspace.team.you")}
              </Text>
            ) : null}
          </Text>
          <Text size="sm" c="dimmed" truncate="end">
            {member.email}
          </Text>
          <Text size="xs" c="dimmed">
            {member.role === "invited"
              ? t("workspace.team.invitedOn", { date: formatDate(member.since, me.timezone) })
              : t("workspace.team.memberSince", { date: formatDate(member.since, me.timezone) })}
          </Text>
        </div>
      </Group>
      <Group gap="xs" wrap="nowrap">
        {isManaged && (member.role === "admin" || member.role === "member") ? (
          <Select
            aria-label={t("workspace.team.roleOf", { name: member.nickname })}
            data={(["admin", "member"] as const).map((role) => ({
              value: role,
              label: t(`workspace.roles.${role}`),
            }))}
            value={member.role}
            onChange={(value) => {
              if ((value === "admin" || value === "member") && value !== member.role)
                changeRole.mutate({ userId: member.userId, role: value });
            }}
            allowDeselect={false}
            disabled={changeRole.isPending}
            w={130}
            size="xs"
          />
        ) : (
          <Badge color={ROLE_COLOR[member.role]} variant="light">
            {t(`workspace.roles.${member.role}`)}
          </Badge>
        )}
        {isManaged ? (
          <Button
            variant="subtle"
            color="red"
            size="xs"
            leftSection={<IconUserMinus size={14} />}
            onClick={onRemove}
            aria-label={
              member.role === "invited"
                ? t("workspace.team.withdrawNamed", { name: member.nickname })
                : t("workspace.team.removeNamed", { name: member.nickname })
            }
          >
            {member.role === "invited" ? t("workspace.team.withdraw") : t("workspace.team.remove")}
          </Button>
        ) : null}
      </Group>
    </Group>
  );
}

function RemoveModal({ member, onClose }: { member: Member | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.team.remove.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
        remove.reset();
        onClose();
      },
    }),
  );
  const isInvitation = member?.role === "invited";
  return (
    <ConfirmModal
      opened={member !== undefined}
      title={isInvitation ? t("workspace.team.withdrawTitle") : t("workspace.team.removeTitle")}
      body={
        isInvitation
          ? t("workspace.team.withdrawBody", { email: member?.email ?? "" })
          : t("workspace.team.removeBody", { name: member?.nickname ?? "" })
      }
      confirmLabel={isInvitation ? t("workspace.team.withdraw") : t("workspace.team.remove")}
      isPending={remove.isPending}
      error={remove.error}
      onConfirm={() => {
        if (member) remove.mutate({ userId: member.userId });
      }}
      onClose={() => {
        remove.reset();
        onClose();
      }}
    />
  );
}

/** Every workspace the user belongs to or is invited to: accept, decline, leave. */
function MyWorkspaces() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const memberships = useQuery(trpc.tenants.list.queryOptions());
  const [leaving, setLeaving] = useState<Membership | undefined>();
  const invitations = memberships.data?.filter((m) => m.role === "invited") ?? [];
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="workspaces-title">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="workspaces-title">
          {t("workspace.team.workspacesTitle")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("workspace.team.workspacesHint")}
        </Text>
        {memberships.isPending ? (
          <LoadingState />
        ) : memberships.isError ? (
          <ErrorState error={memberships.error} onRetry={() => void memberships.refetch()} />
        ) : memberships.data.length === 0 ? (
          <EmptyState title={t("workspace.team.noWorkspaces")} />
        ) : (
          <Stack gap="xs" data-testid="workspaces">
            {invitations.length > 0 ? (
              <Text size="sm" fw={500}>
                {t("workspace.team.pendingInvitations", { count: invitations.length })}
              </Text>
            ) : null}
            {memberships.data.map((membership) => (
              <MembershipRow
                key={membership.tenantId}
                membership={membership}
                onLeave={() => setLeaving(membership)}
              />
            ))}
          </Stack>
        )}
      </Stack>
      <LeaveModal membership={leaving} onClose={() => setLeaving(undefined)} />
    </Card>
  );
}

function MembershipRow({ membership, onLeave }: { membership: Membership; onLeave: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const accept = useMutation(
    trpc.tenants.accept.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.tenants.list.queryKey() });
        notifySuccess(t("workspace.team.accepted", { name: membership.tenantName }));
      },
      onError: (error) => notifyError(t("workspace.team.acceptFailed"), errorMessage(error, t)),
    }),
  );
  const isInvitation = membership.role === "invited";
  return (
    <Paper withBorder radius="md" p="sm" data-testid="workspace-row">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <div style={{ minWidth: 0, flex: "1 1 200px" }}>
          <Text fw={500} truncate="end">
            {membership.tenantName}
          </Text>
          <Text size="xs" c="dimmed">
            {isInvitation
              ? t("workspace.team.invitedOn", { date: formatDate(membership.joinedAt, me.timezone) })
              : t("workspace.team.memberSince", { date: formatDate(membership.joinedAt, me.timezone) })}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Badge color={ROLE_COLOR[membership.role]} variant="light">
            {t(`workspace.roles.${membership.role}`)}
          </Badge>
          {isInvitation ? (
            <>
              <Button
                size="xs"
                loading={accept.isPending}
                onClick={() => accept.mutate({ tenantId: membership.tenantId })}
              >
                {t("workspace.team.accept")}
              </Button>
              <Button size="xs" variant="default" onClick={onLeave}>
                {t("workspace.team.decline")}
              </Button>
            </>
          ) : membership.role !== "owner" ? (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              leftSection={<IconLogout size={14} />}
              onClick={onLeave}
            >
              {t("workspace.team.leave")}
            </Button>
          ) : null}
        </Group>
      </Group>
    </Paper>
  );
}

function LeaveModal({ membership, onClose }: { membership: Membership | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const leave = useMutation(
    trpc.tenants.leave.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.tenants.list.queryKey() });
        leave.reset();
        onClose();
      },
    }),
  );
  const isInvitation = membership?.role === "invited";
  const name = membership?.tenantName ?? "";
  return (
    <ConfirmModal
      opened={membership !== undefined}
      title={isInvitation ? t("workspace.team.declineTitle") : t("workspace.team.leaveTitle")}
      body={
        isInvitation ? t("workspace.team.declineBody", { name }) : t("workspace.team.leaveBody", { name })
      }
      confirmLabel={isInvitation ? t("workspace.team.decline") : t("workspace.team.leave")}
      isPending={leave.isPending}
      error={leave.error}
      onConfirm={() => {
        if (membership) leave.mutate({ tenantId: membership.tenantId });
      }}
      onClose={() => {
        leave.reset();
        onClose();
      }}
    />
  );
}
