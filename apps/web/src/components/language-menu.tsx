import { ActionIcon, Button, Menu, useMatches } from "@mantine/core";
import { IconCheck, IconLanguage } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { applyLanguage, currentLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from "../i18n/i18n";
import { errorMessage } from "../lib/errors";
import { notifyError } from "../lib/notify";
import { SESSION_KEY, useSession } from "../lib/session";
import { useTRPC } from "../lib/trpc";

/** Switches the UI language; signed in, the choice is saved to the profile (server messages follow it). */
export function LanguageMenu() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: user } = useSession();
  const current = currentLanguage();
  // On a phone the header has room for the icon only; the menu still names every language.
  const isCompact = useMatches({ base: true, sm: false });
  const label = t("language.current", { language: LANGUAGE_NAMES[current] });
  const save = useMutation(
    trpc.users.updateProfile.mutationOptions({
      onSuccess: (updated) => queryClient.setQueryData(SESSION_KEY, updated),
      onError: (error) => notifyError(t("language.saveFailed"), errorMessage(error, t)),
    }),
  );

  const choose = (lang: Language) => {
    applyLanguage(lang);
    if (user && user.language !== lang) save.mutate({ language: lang });
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        {isCompact ? (
          <ActionIcon variant="default" size="lg" aria-label={label} title={label} loading={save.isPending}>
            <IconLanguage size={18} stroke={1.6} />
          </ActionIcon>
        ) : (
          <Button
            variant="default"
            px="xs"
            leftSection={<IconLanguage size={18} stroke={1.6} />}
            aria-label={label}
            loading={save.isPending}
          >
            {LANGUAGE_NAMES[current]}
          </Button>
        )}
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("language.menu")}</Menu.Label>
        {LANGUAGES.map((lang) => (
          <Menu.Item
            key={lang}
            lang={lang}
            onClick={() => choose(lang)}
            rightSection={lang === current ? <IconCheck size={16} aria-hidden /> : null}
            aria-current={lang === current ? "true" : undefined}
          >
            {LANGUAGE_NAMES[lang]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
