import { Box, Group, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconCloudUpload } from "@tabler/icons-react";
import { type DragEvent, type KeyboardEvent, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A drop zone for many files, built on plain elements: drag files onto it, or focus it and press
 * Enter/Space (or click) to pick them. (@mantine/dropzone has no release matching Mantine 9 here.)
 */
export function DropZone({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [isOver, setOver] = useState(false);
  const hintId = useId();
  // dragenter/dragleave fire for every child: count them so the highlight does not flicker.
  const depth = useRef(0);

  const open = () => {
    if (!disabled) input.current?.click();
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    if (disabled) return;
    const files = [...event.dataTransfer.files];
    if (files.length > 0) onFiles(files);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      open();
    }
  };

  return (
    <Box
      role="button"
      tabIndex={disabled ? -1 : 0}
      aria-disabled={disabled || undefined}
      aria-label={t("knowledge.documents.dropTitle")}
      aria-describedby={hintId}
      data-testid="drop-zone"
      data-over={isOver || undefined}
      onClick={open}
      onKeyDown={onKeyDown}
      onDragEnter={(e) => {
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = disabled ? "none" : "copy";
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={onDrop}
      p="lg"
      style={{
        border: `2px dashed ${isOver ? "var(--mantine-primary-color-filled)" : "var(--mantine-color-default-border)"}`,
        borderRadius: "var(--mantine-radius-lg)",
        background: isOver ? "var(--mantine-primary-color-light)" : undefined,
        cursor: disabled ? "not-allowed" : "pointer",
        opacity: disabled ? 0.6 : 1,
        outlineOffset: 2,
      }}
    >
      <Group justify="center" gap="md" wrap="nowrap">
        <ThemeIcon variant="light" size={44} radius="xl" aria-hidden>
          <IconCloudUpload size={24} stroke={1.6} />
        </ThemeIcon>
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text fw={600}>
            {isOver ? t("knowledge.documents.dropActive") : t("knowledge.documents.dropTitle")}
          </Text>
          <Text size="sm" c="dimmed" id={hintId}>
            {t("knowledge.documents.dropHint")}
          </Text>
        </Stack>
      </Group>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-hidden
        data-testid="file-input"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = "";
          if (files.length > 0) onFiles(files);
        }}
      />
    </Box>
  );
}
