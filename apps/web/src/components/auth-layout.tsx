import { Box, Container, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Brand } from "./brand";
import { ColorSchemeToggle } from "./color-scheme-toggle";
import { LanguageMenu } from "./language-menu";

type Props = { pageTitle: string; title: string; subtitle?: string; children: ReactNode; footer?: ReactNode };

/** The frame of the signed-out pages: a centred card under a bar with the language and theme switches. */
export function AuthLayout({ pageTitle, title, subtitle, children, footer }: Props) {
  const { t } = useTranslation();
  useDocumentTitle(`${pageTitle} · ${t("app.name")}`);
  return (
    <Box mih="100dvh" bg="var(--mantine-color-body)">
      <Group component="header" justify="space-between" px="md" py="sm" wrap="nowrap">
        <Brand />
        <Group gap="xs" wrap="nowrap">
          <LanguageMenu />
          <ColorSchemeToggle />
        </Group>
      </Group>
      <Container component="main" size={460} px="md" pt={{ base: "md", sm: 48 }} pb="xl">
        <Stack gap={4} mb="lg" ta="center">
          <Title order={1} fz={{ base: 24, sm: 28 }}>
            {title}
          </Title>
          {subtitle ? (
            <Text c="dimmed" size="sm">
              {subtitle}
            </Text>
          ) : null}
        </Stack>
        <Paper withBorder shadow="sm" p={{ base: "md", sm: "xl" }} radius="lg">
          {children}
        </Paper>
        {footer ? (
          <Text ta="center" size="sm" mt="lg">
            {footer}
          </Text>
        ) : null}
        <Text ta="center" size="xs" c="dimmed" mt="xl">
          {t("app.tagline")}
        </Text>
      </Container>
    </Box>
  );
}
