import { Button, Checkbox, Group, Paper, Progress, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { currentLanguage } from "../../i18n/i18n";
import { errorMessage } from "../../lib/errors";
import { notifyError } from "../../lib/notify";
import { useTRPC } from "../../lib/trpc";
import { DropZone } from "./drop-zone";
import { formatBytes } from "./format";
import { uploadFile } from "./upload";

type UploadItem = {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: "waiting" | "uploading" | "done" | "error";
  error?: string;
};

/** Files uploaded at once: enough to keep the connection busy, few enough to show steady progress. */
const PARALLEL_UPLOADS = 3;

/** Drop zone plus one progress line per file; each file is its own request, so one bad file fails alone. */
export function UploadPanel({ kbId, disabled }: { kbId: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [parseOnUpload, setParseOnUpload] = useState(true);
  const parseRef = useRef(parseOnUpload);
  parseRef.current = parseOnUpload;
  const counter = useRef(0);

  const run = useMutation(
    trpc.documents.run.mutationOptions({
      onError: (error) => notifyError(t("knowledge.documents.run"), errorMessage(error, t)),
      onSettled: () => void queryClient.invalidateQueries(trpc.documents.list.pathFilter()),
    }),
  );

  const patch = useCallback((key: string, change: Partial<UploadItem>) => {
    setItems((all) => all.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const start = (files: File[]) => {
    const queued = files.map((file) => {
      counter.current += 1;
      return { file, key: `${counter.current}-${file.name}` };
    });
    setItems((all) => [
      ...queued.map(({ file, key }) => ({
        key,
        name: file.name,
        size: file.size,
        progress: 0,
        state: "waiting" as const,
      })),
      ...all,
    ]);
    let next = 0;
    const worker = async () => {
      while (next < queued.length) {
        const entry = queued[next];
        next += 1;
        if (!entry) break;
        patch(entry.key, { state: "uploading" });
        try {
          const documents = await uploadFile(kbId, entry.file, {
            language: currentLanguage(),
            t,
            onProgress: (fraction) => patch(entry.key, { progress: fraction }),
          });
          patch(entry.key, { state: "done", progress: 1 });
          void queryClient.invalidateQueries(trpc.documents.list.pathFilter());
          void queryClient.invalidateQueries(trpc.knowledgeBases.get.queryFilter({ id: kbId }));
          if (parseRef.current && documents.length > 0) run.mutate({ ids: documents.map((d) => d.id) });
        } catch (error) {
          patch(entry.key, {
            state: "error",
            error: error instanceof Error ? error.message : t("errors.unexpected"),
          });
        }
      }
    };
    for (let i = 0; i < Math.min(PARALLEL_UPLOADS, queued.length); i += 1) void worker();
  };

  const finished = items.filter((i) => i.state === "done" || i.state === "error").length;

  return (
    <Stack gap="sm">
      <DropZone onFiles={start} disabled={disabled} />
      <Checkbox
        label={t("knowledge.documents.parseOnUpload")}
        checked={parseOnUpload}
        onChange={(e) => setParseOnUpload(e.currentTarget.checked)}
        disabled={disabled}
      />
      {items.length > 0 ? (
        <Paper
          withBorder
          radius="md"
          p="sm"
          component="section"
          aria-label={t("knowledge.documents.uploads")}
        >
          <Stack gap={8}>
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={600}>
                {t("knowledge.documents.uploads")}
              </Text>
              {finished > 0 ? (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() =>
                    setItems((all) => all.filter((i) => i.state === "waiting" || i.state === "uploading"))
                  }
                >
                  {t("knowledge.documents.clearUploads")}
                </Button>
              ) : null}
            </Group>
            {items.map((item) => (
              <div key={item.key} data-testid="upload-item" data-state={item.state}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Text size="sm" truncate="end" style={{ minWidth: 0 }}>
                    {item.name}
                  </Text>
                  <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                    <Text size="xs" c="dimmed">
                      {formatBytes(item.size, t)}
                    </Text>
                    {item.state === "done" ? (
                      <ThemeIcon
                        variant="light"
                        color="teal"
                        size="sm"
                        role="img"
                        aria-label={t("knowledge.documents.uploadDone")}
                      >
                        <IconCheck size={14} aria-hidden />
                      </ThemeIcon>
                    ) : item.state === "error" ? (
                      <ThemeIcon
                        variant="light"
                        color="red"
                        size="sm"
                        role="img"
                        aria-label={t("knowledge.documents.uploadFailed")}
                      >
                        <IconX size={14} aria-hidden />
                      </ThemeIcon>
                    ) : null}
                  </Group>
                </Group>
                {item.state === "error" ? (
                  <Text size="xs" c="red" role="alert">
                    {item.error}
                  </Text>
                ) : (
                  <Progress
                    value={Math.round(item.progress * 100)}
                    size="sm"
                    color={item.state === "done" ? "teal" : undefined}
                    animated={item.state === "uploading"}
                    aria-label={t("knowledge.documents.uploading", { name: item.name })}
                    mt={4}
                  />
                )}
              </div>
            ))}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
