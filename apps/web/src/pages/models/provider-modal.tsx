import {
  ActionIcon,
  Button,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import type { RouterInputs, RouterOutputs } from "@ragtime/server/router";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/error-alert";
import { errorField, errorMessage } from "../../lib/errors";
import { notifySuccess } from "../../lib/notify";
import { useTRPC } from "../../lib/trpc";

type Provider = RouterOutputs["models"]["providers"][number];
type Catalogue = RouterOutputs["models"]["catalogue"];
type ProviderKind = RouterInputs["models"]["createProvider"]["provider"];
type ModelType = RouterInputs["models"]["addModel"]["type"];
type ModelRow = { name: string; type: ModelType; maxTokens: number | "" };

const MODEL_TYPES: ModelType[] = ["chat", "embedding", "rerank", "image2text", "asr", "tts"];

export function useInvalidateModels() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.models.providers.queryFilter()),
      queryClient.invalidateQueries(trpc.models.list.queryFilter()),
      queryClient.invalidateQueries(trpc.tenants.current.queryFilter()),
    ]);
  };
}

/** Labels of the model types, in the UI language. */
export function useModelTypeLabel() {
  const { t } = useTranslation();
  return (type: ModelType) => t(`workspace.models.types.${type}`);
}

/**
 * Adds a provider (`provider` undefined) or changes one. The API key is never shown back: editing
 * leaves it as it is unless a new one is typed, or it is removed on purpose.
 */
export function ProviderModal({
  opened,
  provider,
  onClose,
}: {
  opened: boolean;
  provider: Provider | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const typeLabel = useModelTypeLabel();
  const invalidate = useInvalidateModels();
  const catalogue = useQuery(trpc.models.catalogue.queryOptions());
  const kinds = (catalogue.data ?? []).filter(
    (e): e is Catalogue[number] & { kind: ProviderKind } => e.kind !== "builtin",
  );
  const [kind, setKind] = useState<ProviderKind>("openai-compatible");
  const [name, setName] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [isKeyRemoved, setKeyRemoved] = useState(false);
  const [baseUrl, setBaseUrl] = useState("");
  const [models, setModels] = useState<ModelRow[]>([{ name: "", type: "chat", maxTokens: "" }]);

  useEffect(() => {
    if (!opened) return;
    setKind(provider?.provider ?? "openai-compatible");
    setName(provider?.name ?? "");
    setApiKey("");
    setKeyRemoved(false);
    setBaseUrl(provider?.baseUrl ?? "");
    setModels([{ name: "", type: "chat", maxTokens: "" }]);
  }, [opened, provider]);

  const entry = kinds.find((e) => e.kind === kind);
  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };
  const create = useMutation(
    trpc.models.createProvider.mutationOptions({
      onSuccess: async (created) => {
        await invalidate();
        notifySuccess(t("workspace.models.added", { name: created.name }));
        close();
      },
    }),
  );
  const update = useMutation(
    trpc.models.updateProvider.mutationOptions({
      onSuccess: async (updated) => {
        await invalidate();
        notifySuccess(t("workspace.models.saved", { name: updated.name }));
        close();
      },
    }),
  );
  const mutation = provider ? update : create;
  const field = mutation.error ? errorField(mutation.error) : undefined;
  const fieldError = (...names: string[]) =>
    mutation.error && field && names.some((n) => field === n || field.startsWith(`${n}.`))
      ? errorMessage(mutation.error, t)
      : undefined;
  const isFieldError = field !== undefined && /^(name|apiKey|baseUrl|models)/.test(field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (provider) {
      update.mutate({
        id: provider.id,
        ...(name.trim() && name.trim() !== provider.name ? { name: name.trim() } : {}),
        ...(apiKey.trim() ? { apiKey: apiKey.trim() } : isKeyRemoved ? { apiKey: null } : {}),
        ...(baseUrl.trim() !== (provider.baseUrl ?? "") ? { baseUrl: baseUrl.trim() || null } : {}),
      });
      return;
    }
    const rows = models.filter((m) => m.name.trim());
    create.mutate({
      provider: kind,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
      ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      ...(rows.length > 0
        ? {
            models: rows.map((m) => ({
              name: m.name.trim(),
              type: m.type,
              ...(m.maxTokens === "" ? {} : { maxTokens: m.maxTokens }),
            })),
          }
        : {}),
    });
  };

  const setRow = (i: number, patch: Partial<ModelRow>) =>
    setModels((rows) => rows.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={
        provider ? t("workspace.models.editTitle", { name: provider.name }) : t("workspace.models.addTitle")
      }
      centered
      size="lg"
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {mutation.error && !isFieldError ? <ErrorAlert error={mutation.error} /> : null}
          {catalogue.isError ? <ErrorAlert error={catalogue.error} /> : null}
          <Select
            label={t("workspace.models.kind")}
            data={kinds.map((e) => ({ value: e.kind, label: t(`workspace.models.kinds.${e.kind}`) }))}
            value={kind}
            onChange={(value) => {
              const found = kinds.find((e) => e.kind === value);
              if (found) setKind(found.kind);
            }}
            allowDeselect={false}
            disabled={provider !== undefined || catalogue.isPending}
          />
          <TextInput
            label={t("workspace.models.name")}
            description={t("workspace.models.nameHint")}
            placeholder={kind}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError("name")}
            maxLength={31}
            autoComplete="off"
          />
          {entry?.needsBaseUrl !== "none" ? (
            <TextInput
              label={t("workspace.models.baseUrl")}
              description={
                entry?.defaultBaseUrl
                  ? t("workspace.models.baseUrlDefault", { url: entry.defaultBaseUrl })
                  : t("workspace.models.baseUrlHint")
              }
              placeholder={entry?.defaultBaseUrl ?? "http://localhost:8000/v1"}
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.currentTarget.value)}
              error={fieldError("baseUrl")}
              required={entry?.needsBaseUrl === "required"}
              autoComplete="off"
              type="url"
            />
          ) : null}
          {entry?.needsApiKey !== "none" ? (
            <Stack gap={4}>
              <PasswordInput
                label={t("workspace.models.apiKey")}
                description={
                  provider?.apiKey
                    ? t("workspace.models.apiKeyKeep", { masked: provider.apiKey })
                    : t("workspace.models.apiKeyHint")
                }
                value={apiKey}
                onChange={(e) => setApiKey(e.currentTarget.value)}
                error={fieldError("apiKey")}
                required={entry?.needsApiKey === "required" && !provider?.apiKey}
                autoComplete="off"
                visibilityToggleButtonProps={{ "aria-label": t("common.showPassword") }}
              />
              {provider?.apiKey && !apiKey ? (
                <Button
                  variant="subtle"
                  color={isKeyRemoved ? "gray" : "red"}
                  size="compact-xs"
                  onClick={() => setKeyRemoved((v) => !v)}
                  style={{ alignSelf: "flex-start" }}
                >
                  {isKeyRemoved ? t("workspace.models.keepKey") : t("workspace.models.removeKey")}
                </Button>
              ) : null}
            </Stack>
          ) : null}
          {provider ? null : (
            <Stack gap="xs">
              <Text size="sm" fw={500}>
                {t("workspace.models.modelsToAdd")}
              </Text>
              <Text size="xs" c="dimmed">
                {t("workspace.models.modelsToAddHint")}
              </Text>
              {models.map((row, i) => (
                <Group key={i} gap="xs" align="flex-start" wrap="wrap">
                  <TextInput
                    aria-label={t("workspace.models.modelName")}
                    placeholder={t("workspace.models.modelNamePlaceholder")}
                    value={row.name}
                    onChange={(e) => setRow(i, { name: e.currentTarget.value })}
                    error={fieldError(`models.${i}`)}
                    style={{ flex: "1 1 180px" }}
                    autoComplete="off"
                  />
                  <Select
                    aria-label={t("workspace.models.modelType")}
                    data={(entry?.modelTypes ?? MODEL_TYPES).map((type) => ({
                      value: type,
                      label: typeLabel(type),
                    }))}
                    value={row.type}
                    onChange={(value) => {
                      const type = MODEL_TYPES.find((m) => m === value);
                      if (type) setRow(i, { type });
                    }}
                    allowDeselect={false}
                    w={140}
                  />
                  <NumberInput
                    aria-label={t("workspace.models.maxTokens")}
                    placeholder={t("workspace.models.maxTokensPlaceholder")}
                    value={row.maxTokens}
                    onChange={(v) => setRow(i, { maxTokens: typeof v === "number" ? v : "" })}
                    min={16}
                    allowDecimal={false}
                    w={120}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    mt={4}
                    aria-label={t("workspace.models.removeRow")}
                    onClick={() => setModels((rows) => rows.filter((_, j) => j !== i))}
                    disabled={models.length === 1}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => setModels((rows) => [...rows, { name: "", type: "chat", maxTokens: "" }])}
                style={{ alignSelf: "flex-start" }}
              >
                {t("workspace.models.addRow")}
              </Button>
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("workspace.common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {provider ? t("workspace.common.save") : t("workspace.models.add")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
