import { Alert, Button, Code, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/error-alert";
import { errorField, errorMessage } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { checkRequired } from "../../lib/validation";

const EXPIRY_DAYS = ["never", "30", "90", "365"] as const;
type Expiry = (typeof EXPIRY_DAYS)[number];

/**
 * Creating a key is two steps in one dialog: name and lifetime, then the secret, shown this once
 * with a copy button. Closing the dialog forgets the secret; nothing can show it again.
 */
export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState<Expiry>("never");
  const [nameError, setNameError] = useState<string | undefined>();
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");
  const secretRef = useRef<HTMLInputElement>(null);

  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() }),
    }),
  );
  const secret = create.data?.secret;

  const close = () => {
    create.reset();
    setName("");
    setExpiry("never");
    setNameError(undefined);
    setCopyState("idle");
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const error = checkRequired(name.trim(), t);
    setNameError(error);
    if (error) return;
    create.mutate({ name: name.trim(), ...(expiry === "never" ? {} : { expiresInDays: Number(expiry) }) });
  };

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopyState("copied");
    } catch {
      // No clipboard access (permissions, insecure origin): select it so Ctrl+C works.
      secretRef.current?.select();
      setCopyState("failed");
    }
  };

  const serverNameError =
    create.error && errorField(create.error) === "name" ? errorMessage(create.error, t) : undefined;

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={secret ? t("workspace.apiKeys.createdTitle") : t("workspace.apiKeys.createTitle")}
      centered
      closeButtonProps={{ "aria-label": t("common.close") }}
      // The secret must not vanish on a stray click outside or Escape before it is copied.
      closeOnClickOutside={!secret}
      closeOnEscape={!secret}
    >
      {secret ? (
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle />}>
            {t("workspace.apiKeys.copyNow")}
          </Alert>
          <TextInput
            ref={secretRef}
            label={t("workspace.apiKeys.secretLabel")}
            value={secret}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            data-testid="api-key-secret"
          />
          <Text size="xs" c="dimmed">
            {t("workspace.apiKeys.usage")} <Code>Authorization: Bearer rt-…</Code>
          </Text>
          <Group justify="space-between">
            <Button
              variant="light"
              leftSection={copyState === "copied" ? <IconCheck size={16} /> : <IconCopy size={16} />}
              color={copyState === "copied" ? "teal" : undefined}
              onClick={() => void copy()}
            >
              {copyState === "copied" ? t("workspace.apiKeys.copied") : t("workspace.apiKeys.copy")}
            </Button>
            <Button onClick={close}>{t("workspace.apiKeys.done")}</Button>
          </Group>
          {copyState === "failed" ? (
            <Text size="sm" c="red" role="alert">
              {t("workspace.apiKeys.copyFailed")}
            </Text>
          ) : null}
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {create.error && !serverNameError ? <ErrorAlert error={create.error} /> : null}
            <TextInput
              label={t("workspace.apiKeys.name")}
              description={t("workspace.apiKeys.nameHint")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError ?? serverNameError}
              maxLength={100}
              required
              data-autofocus
              autoComplete="off"
            />
            <Select
              label={t("workspace.apiKeys.expiry")}
              data={EXPIRY_DAYS.map((value) => ({
                value,
                label:
                  value === "never"
                    ? t("workspace.apiKeys.expiryNever")
                    : t("workspace.apiKeys.expiryDays", { count: Number(value) }),
              }))}
              value={expiry}
              onChange={(value) => {
                const found = EXPIRY_DAYS.find((v) => v === value);
                if (found) setExpiry(found);
              }}
              allowDeselect={false}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("workspace.common.cancel")}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t("workspace.apiKeys.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
