import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../error-alert";

/** A destructive action's confirmation; with `typeToConfirm`, the user types that text first. */
export function ConfirmModal({
  opened,
  title,
  body,
  confirmLabel,
  typeToConfirm,
  isPending,
  error,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  typeToConfirm?: string;
  isPending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState("");
  const canConfirm = typeToConfirm === undefined || typed.trim() === typeToConfirm;
  const close = () => {
    setTyped("");
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={title}
      centered
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (canConfirm) onConfirm();
        }}
      >
        <Stack>
          {error ? <ErrorAlert error={error} /> : null}
          <Text size="sm">{body}</Text>
          {typeToConfirm !== undefined ? (
            <TextInput
              label={t("knowledge.settings.deleteConfirmLabel")}
              description={typeToConfirm}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              data-autofocus
              autoComplete="off"
            />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("knowledge.common.cancel")}
            </Button>
            <Button type="submit" color="red" loading={isPending} disabled={!canConfirm}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
