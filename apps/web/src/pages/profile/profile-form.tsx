import { Anchor, Button, Card, Group, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/error-alert";
import { applyLanguage, isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from "../../i18n/i18n";
import { errorField, errorMessage } from "../../lib/errors";
import { notifySuccess } from "../../lib/notify";
import { SESSION_KEY } from "../../lib/session";
import { browserTimezone, timezoneOptions } from "../../lib/timezones";
import { type User, useTRPC } from "../../lib/trpc";
import { checkNickname } from "../../lib/validation";

const LANGUAGE_OPTIONS = LANGUAGES.map((lang) => ({ value: lang, label: LANGUAGE_NAMES[lang] }));

export function ProfileForm({ user }: { user: User }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [nickname, setNickname] = useState(user.nickname);
  const [language, setLanguage] = useState<Language>(user.language);
  const [timezone, setTimezone] = useState(user.timezone);
  const [nicknameError, setNicknameError] = useState<string | undefined>();
  const zones = useMemo(() => timezoneOptions(user.timezone), [user.timezone]);
  const browserZone = browserTimezone();

  // The header's language menu can change the profile language while this form is open.
  useEffect(() => setLanguage(user.language), [user.language]);

  const update = useMutation(
    trpc.users.updateProfile.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(SESSION_KEY, updated);
        setNickname(updated.nickname);
        applyLanguage(updated.language);
        notifySuccess(t("profile.saved"));
      },
    }),
  );

  // Only what changed is sent, so a concurrent change elsewhere is not overwritten with stale values.
  const patch = {
    ...(nickname.trim() !== user.nickname ? { nickname: nickname.trim() } : {}),
    ...(language !== user.language ? { language } : {}),
    ...(timezone !== user.timezone ? { timezone } : {}),
  };
  const isDirty = Object.keys(patch).length > 0;
  const serverField = update.error ? errorField(update.error) : undefined;
  const fieldError = (field: string) =>
    update.error && serverField === field ? errorMessage(update.error, t) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const error = checkNickname(nickname.trim(), t);
    setNicknameError(error);
    if (!error && isDirty) update.mutate(patch);
  };

  return (
    <Card withBorder padding="lg" radius="lg" component="section" aria-labelledby="profile-details-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} fz="lg" id="profile-details-title">
            {t("profile.detailsTitle")}
          </Title>
          {update.error && !["nickname", "language", "timezone"].includes(serverField ?? "") ? (
            <ErrorAlert error={update.error} />
          ) : null}
          <TextInput
            label={t("profile.nickname")}
            name="nickname"
            autoComplete="nickname"
            required
            value={nickname}
            onChange={(e) => setNickname(e.currentTarget.value)}
            error={nicknameError ?? fieldError("nickname")}
          />
          <Select
            label={t("profile.language")}
            description={t("profile.languageHint")}
            data={LANGUAGE_OPTIONS}
            value={language}
            onChange={(value) => {
              if (isLanguage(value)) setLanguage(value);
            }}
            allowDeselect={false}
            error={fieldError("language")}
          />
          <Select
            label={t("profile.timezone")}
            placeholder={t("profile.timezoneSearch")}
            description={
              browserZone && browserZone !== timezone ? (
                <Text span size="xs" c="dimmed">
                  {t("profile.timezoneBrowser", { timezone: browserZone })}{" "}
                  <Anchor component="button" type="button" size="xs" onClick={() => setTimezone(browserZone)}>
                    {t("profile.timezoneUseBrowser")}
                  </Anchor>
                </Text>
              ) : undefined
            }
            data={zones}
            value={timezone}
            onChange={(value) => {
              if (value) setTimezone(value);
            }}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t("profile.timezoneNothingFound")}
            maxDropdownHeight={280}
            error={fieldError("timezone")}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} disabled={!isDirty}>
              {t("profile.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
