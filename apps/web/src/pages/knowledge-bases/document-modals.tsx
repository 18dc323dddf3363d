import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { ZDocumentMetadata } from "@ragtime/core/schemas";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/error-alert";
import { errorField, errorMessage } from "../../lib/errors";
import { notifySuccess } from "../../lib/notify";
import { useTRPC } from "../../lib/trpc";
import { type ChunkMethod, isChunkMethod, useChunkMethodOptions } from "./chunk-methods";
import type { KbDocument } from "./use-kb";

export type DocumentDialog = { kind: "rename" | "method" | "metadata"; doc: KbDocument } | undefined;

function useUpdateDocument(onDone: () => void, message: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.documents.update.mutationOptions({
      onSuccess: (doc) => {
        void queryClient.invalidateQueries(trpc.documents.list.pathFilter());
        void queryClient.invalidateQueries(trpc.documents.get.queryFilter({ id: doc.id }));
        void queryClient.invalidateQueries(trpc.knowledgeBases.get.queryFilter({ id: doc.kbId }));
        notifySuccess(message);
        onDone();
      },
    }),
  );
}

function DialogFrame({
  opened,
  title,
  onClose,
  onSubmit,
  isPending,
  children,
}: {
  opened: boolean;
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  isPending: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      centered
      size="lg"
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <Stack>
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("knowledge.common.cancel")}
            </Button>
            <Button type="submit" loading={isPending}>
              {t("knowledge.common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RenameDialog({ doc, onClose }: { doc: KbDocument; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(doc.name);
  const [error, setError] = useState<string | undefined>();
  const update = useUpdateDocument(onClose, t("knowledge.documents.renamed"));
  const isNameError = update.error && errorField(update.error) === "name";
  return (
    <DialogFrame
      opened
      title={t("knowledge.documents.renameTitle")}
      onClose={onClose}
      isPending={update.isPending}
      onSubmit={() => {
        const trimmed = name.trim();
        const problem = trimmed === "" ? t("validation.required") : undefined;
        setError(problem);
        if (!problem) update.mutate({ id: doc.id, name: trimmed });
      }}
    >
      {update.error && !isNameError ? <ErrorAlert error={update.error} /> : null}
      <TextInput
        label={t("knowledge.documents.newName")}
        description={t("knowledge.documents.newNameHint", { suffix: doc.suffix })}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={error ?? (isNameError ? errorMessage(update.error, t) : undefined)}
        data-autofocus
      />
    </DialogFrame>
  );
}

function MethodDialog({ doc, onClose }: { doc: KbDocument; onClose: () => void }) {
  const { t } = useTranslation();
  const options = useChunkMethodOptions();
  const [method, setMethod] = useState<ChunkMethod>(doc.chunkMethod);
  const update = useUpdateDocument(onClose, t("knowledge.documents.methodChanged"));
  return (
    <DialogFrame
      opened
      title={t("knowledge.documents.methodTitle", { name: doc.name })}
      onClose={onClose}
      isPending={update.isPending}
      onSubmit={() => {
        if (method === doc.chunkMethod) onClose();
        else update.mutate({ id: doc.id, chunkMethod: method });
      }}
    >
      {update.error ? <ErrorAlert error={update.error} /> : null}
      <Select
        label={t("knowledge.settings.chunkMethod")}
        data={options}
        value={method}
        allowDeselect={false}
        onChange={(value) => {
          if (isChunkMethod(value)) setMethod(value);
        }}
        data-autofocus
      />
      <Text size="sm" c="dimmed">
        {t(`knowledge.chunkMethodHelp.${method}`)}
      </Text>
      {method !== doc.chunkMethod && doc.chunkCount > 0 ? (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle />}>
          {t("knowledge.documents.methodWarning")}
        </Alert>
      ) : null}
    </DialogFrame>
  );
}

/** Parses and checks metadata text against the server's own schema; returns the object or a worded problem. */
function readMetadata(
  text: string,
  t: ReturnType<typeof useTranslation>["t"],
): { value: Record<string, string | number | boolean | null> } | { error: string } {
  let parsed: unknown;
  try {
    parsed = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "";
    return { error: t("knowledge.documents.metadataInvalidJson", { reason }) };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { error: t("knowledge.documents.metadataNotObject") };
  }
  const checked = ZDocumentMetadata.safeParse(parsed);
  return checked.success ? { value: checked.data } : { error: t("knowledge.documents.metadataInvalid") };
}

function MetadataDialog({ doc, onClose }: { doc: KbDocument; onClose: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(JSON.stringify(doc.metadata, null, 2));
  const [error, setError] = useState<string | undefined>();
  const update = useUpdateDocument(onClose, t("knowledge.documents.metadataSaved"));
  return (
    <DialogFrame
      opened
      title={t("knowledge.documents.metadataTitle", { name: doc.name })}
      onClose={onClose}
      isPending={update.isPending}
      onSubmit={() => {
        const result = readMetadata(text, t);
        if ("error" in result) {
          setError(result.error);
          return;
        }
        setError(undefined);
        update.mutate({ id: doc.id, metadata: result.value });
      }}
    >
      {update.error ? <ErrorAlert error={update.error} /> : null}
      <Textarea
        label={t("knowledge.documents.metadataLabel")}
        description={t("knowledge.documents.metadataHint")}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          // Re-check as the user types once a problem was shown, so it clears when fixed.
          if (error) {
            const result = readMetadata(e.currentTarget.value, t);
            setError("error" in result ? result.error : undefined);
          }
        }}
        error={error}
        autosize
        minRows={6}
        maxRows={16}
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        spellCheck={false}
        data-autofocus
        data-testid="metadata-editor"
      />
    </DialogFrame>
  );
}

export function DocumentDialogs({ dialog, onClose }: { dialog: DocumentDialog; onClose: () => void }) {
  if (!dialog) return null;
  const key = `${dialog.kind}-${dialog.doc.id}`;
  if (dialog.kind === "rename") return <RenameDialog key={key} doc={dialog.doc} onClose={onClose} />;
  if (dialog.kind === "method") return <MethodDialog key={key} doc={dialog.doc} onClose={onClose} />;
  return <MetadataDialog key={key} doc={dialog.doc} onClose={onClose} />;
}
