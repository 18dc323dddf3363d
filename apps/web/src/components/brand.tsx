import { Group, Text, ThemeIcon } from "@mantine/core";
import { IconBooks } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

export function Brand({ size = "lg" }: { size?: "lg" | "xl" }) {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={size === "xl" ? 36 : 30} radius="md" variant="filled" aria-hidden>
        <IconBooks size={size === "xl" ? 22 : 18} stroke={1.8} />
      </ThemeIcon>
      <Text fw={700} fz={size === "xl" ? 24 : 20} lh={1}>
        {t("app.name")}
      </Text>
    </Group>
  );
}
