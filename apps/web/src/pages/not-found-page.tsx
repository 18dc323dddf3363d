import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Brand } from "../components/brand";

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t("notFound.pageTitle")} · ${t("app.name")}`);
  return (
    <Center component="main" mih="100dvh" p="md">
      <Stack align="center" gap="sm" maw={440} ta="center">
        <Brand />
        <Text fz={64} fw={800} c="dimmed" lh={1} aria-hidden>
          404
        </Text>
        <Title order={1} fz={{ base: 22, sm: 26 }}>
          {t("notFound.title")}
        </Title>
        <Text c="dimmed">{t("notFound.body")}</Text>
        <Button component={Link} to="/" mt="sm">
          {t("notFound.home")}
        </Button>
      </Stack>
    </Center>
  );
}
