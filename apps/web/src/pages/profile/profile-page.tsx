import { Avatar, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { initials } from "../../components/initials";
import { currentLanguage, localeTag } from "../../i18n/i18n";
import { useCurrentUser } from "../../lib/session";
import { ChangePasswordForm } from "./change-password-form";
import { ProfileForm } from "./profile-form";

function formatDate(iso: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "long" };
  const locale = localeTag(currentLanguage());
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(locale, options).format(new Date(iso));
  }
}

export function ProfilePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  useDocumentTitle(`${t("profile.pageTitle")} · ${t("app.name")}`);

  return (
    <Stack maw={720} mx="auto" gap="lg">
      <div>
        <Title order={1} fz={{ base: 24, sm: 28 }}>
          {t("profile.title")}
        </Title>
        <Text c="dimmed" size="sm">
          {t("profile.subtitle")}
        </Text>
      </div>
      <Card withBorder padding="lg" radius="lg">
        <Group wrap="nowrap" gap="md">
          <Avatar src={user.avatar} alt="" size={56} radius="xl" color="indigo">
            {initials(user.nickname)}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <Text fw={600} fz="lg" truncate="end" data-testid="profile-nickname">
              {user.nickname}
            </Text>
            <Text c="dimmed" size="sm" truncate="end" data-testid="profile-email">
              {user.email}
            </Text>
            <Text c="dimmed" size="xs">
              {t("profile.memberSince", { date: formatDate(user.createdAt, user.timezone) })}
            </Text>
          </div>
        </Group>
      </Card>
      <ProfileForm user={user} />
      <ChangePasswordForm />
    </Stack>
  );
}
