import { Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { ZCreateKnowledgeBaseInput } from "@ragtime/core/schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { errorField, errorMessage } from "../../lib/errors";
import { notifySuccess } from "../../lib/notify";
import { useTRPC } from "../../lib/trpc";
import { type ChunkMethod, isChunkMethod, useChunkMethodOptions } from "./chunk-methods";

const NAME_MAX = ZCreateKnowledgeBaseInput.shape.name.maxLength ?? 128;

export function CreateKnowledgeBaseModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [chunkMethod, setChunkMethod] = useState<ChunkMethod>("naive");
  const [nameError, setNameError] = useState<string | undefined>();
  const methodOptions = useChunkMethodOptions();

  const create = useMutation(
    trpc.knowledgeBases.create.mutationOptions({
      onSuccess: (kb) => {
        void queryClient.invalidateQueries(trpc.knowledgeBases.list.pathFilter());
        notifySuccess(t("knowledge.create.created", { name: kb.name }));
        close();
        void navigate(`/knowledge-bases/${kb.id}/documents`);
      },
    }),
  );

  function close() {
    setName("");
    setDescription("");
    setChunkMethod("naive");
    setNameError(undefined);
    create.reset();
    onClose();
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const error =
      trimmed === ""
        ? t("validation.required")
        : trimmed.length > NAME_MAX
          ? t("validation.nicknameLength", { max: NAME_MAX })
          : undefined;
    setNameError(error);
    if (error) return;
    create.mutate({
      name: trimmed,
      chunkMethod,
      ...(description.trim() ? { description: description.trim() } : {}),
    });
  };
  const serverField = create.error ? errorField(create.error) : undefined;

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("knowledge.create.title")}
      centered
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {create.error && serverField !== "name" ? <ErrorAlert error={create.error} /> : null}
          <TextInput
            label={t("knowledge.create.name")}
            description={t("knowledge.create.nameHint", { max: NAME_MAX })}
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError ?? (serverField === "name" ? errorMessage(create.error, t) : undefined)}
          />
          <Textarea
            label={t("knowledge.create.description")}
            autosize
            minRows={2}
            maxRows={6}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <Select
            label={t("knowledge.settings.chunkMethod")}
            data={methodOptions}
            value={chunkMethod}
            allowDeselect={false}
            onChange={(value) => {
              if (isChunkMethod(value)) setChunkMethod(value);
            }}
          />
          <Text size="xs" c="dimmed">
            {t(`knowledge.chunkMethodHelp.${chunkMethod}`)}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("knowledge.common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t("knowledge.create.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
