import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { RouterInputs, RouterOutputs } from "@ragtime/server/router";
import {
  IconCheck,
  IconCircleX,
  IconInfoCircle,
  IconPencil,
  IconPlayerPlay,
  IconPlus,
  IconSearch,
  IconTrash,
} from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/error-alert";
import { ConfirmModal } from "../../components/knowledge/confirm-modal";
import { formatNumber } from "../../components/knowledge/format";
import { EmptyState, ErrorState, LoadingState } from "../../components/knowledge/states";
import { errorMessage } from "../../lib/errors";
import { notifySuccess } from "../../lib/notify";
import { useTRPC } from "../../lib/trpc";
import { PageHeader } from "../team/page-header";
import { useWorkspace } from "../team/use-workspace";
import { ProviderModal, useInvalidateModels, useModelTypeLabel } from "./provider-modal";

type Provider = RouterOutputs["models"]["providers"][number];
type ModelType = RouterInputs["models"]["addModel"]["type"];
type DefaultField = "chatModel" | "embeddingModel" | "rerankModel";

const DEFAULTS: Array<{ field: DefaultField; type: ModelType }> = [
  { field: "chatModel", type: "chat" },
  { field: "embeddingModel", type: "embedding" },
  { field: "rerankModel", type: "rerank" },
];

export function ModelsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const workspace = useWorkspace();
  const providers = useQuery(trpc.models.providers.queryOptions());
  const [editing, setEditing] = useState<Provider | undefined>();
  const [isAdding, adding] = useDisclosure(false);
  const [deleting, setDeleting] = useState<Provider | undefined>();
  const canManage = workspace.canManage;

  const addButton = canManage ? (
    <Button leftSection={<IconPlus size={16} />} onClick={adding.open}>
      {t("workspace.models.addProvider")}
    </Button>
  ) : null;

  return (
    <Stack maw={1040} mx="auto" gap="lg">
      <PageHeader
        title={t("workspace.models.title")}
        subtitle={t("workspace.models.subtitle")}
        action={addButton}
      />
      {!workspace.isPending && !canManage ? (
        <Alert color="blue" variant="light" icon={<IconInfoCircle />}>
          {t("workspace.models.membersCannot")}
        </Alert>
      ) : null}
      <DefaultModels canManage={canManage} />
      <Title order={2} fz="lg">
        {t("workspace.models.providers")}
      </Title>
      <BuiltinProvider />
      {providers.isPending ? (
        <LoadingState />
      ) : providers.isError ? (
        <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />
      ) : providers.data.length === 0 ? (
        <EmptyState
          title={t("workspace.models.emptyTitle")}
          body={t("workspace.models.emptyBody")}
          action={addButton}
        />
      ) : (
        <Stack gap="md" data-testid="providers">
          {providers.data.map((provider) => (
            <ProviderCard
              key={provider.id}
              provider={provider}
              canManage={canManage}
              onEdit={() => setEditing(provider)}
              onDelete={() => setDeleting(provider)}
            />
          ))}
        </Stack>
      )}
      <ProviderModal
        opened={isAdding || editing !== undefined}
        provider={editing}
        onClose={() => {
          adding.close();
          setEditing(undefined);
        }}
      />
      <DeleteProviderModal provider={deleting} onClose={() => setDeleting(undefined)} />
    </Stack>
  );
}

/** The workspace's default model per type: what knowledge bases and assistants use unless told otherwise. */
function DefaultModels({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const typeLabel = useModelTypeLabel();
  const tenant = useQuery(trpc.tenants.current.queryOptions());
  const models = useQuery(trpc.models.list.queryOptions({}));
  const [values, setValues] = useState<Record<DefaultField, string>>({
    chatModel: "",
    embeddingModel: "",
    rerankModel: "",
  });
  useEffect(() => {
    if (!models.data) return;
    const defaultOf = (type: ModelType) => models.data.find((m) => m.type === type && m.isDefault)?.id ?? "";
    setValues({
      chatModel: defaultOf("chat"),
      embeddingModel: defaultOf("embedding"),
      rerankModel: defaultOf("rerank"),
    });
  }, [models.data]);
  const save = useMutation(
    trpc.tenants.update.mutationOptions({
      onSuccess: async (updated) => {
        queryClient.setQueryData(trpc.tenants.current.queryKey(), updated);
        await queryClient.invalidateQueries(trpc.models.list.queryFilter());
        notifySuccess(t("workspace.models.defaultsSaved"));
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      chatModel: values.chatModel || null,
      embeddingModel: values.embeddingModel || null,
      rerankModel: values.rerankModel || null,
    });
  };
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="defaults-title">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <div>
            <Title order={2} fz="lg" id="defaults-title">
              {t("workspace.models.defaultsTitle")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("workspace.models.defaultsHint")}
            </Text>
          </div>
          {models.isError ? <ErrorState error={models.error} onRetry={() => void models.refetch()} /> : null}
          {tenant.isError ? <ErrorState error={tenant.error} onRetry={() => void tenant.refetch()} /> : null}
          {save.error ? <ErrorAlert error={save.error} /> : null}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {DEFAULTS.map(({ field, type }) => {
              const options = (models.data ?? [])
                .filter((m) => m.type === type)
                .map((m) => ({ value: m.id, label: m.id }));
              return (
                <Select
                  key={field}
                  label={typeLabel(type)}
                  data={
                    type === "rerank"
                      ? [{ value: "", label: t("workspace.models.noDefault") }, ...options]
                      : options
                  }
                  value={values[field]}
                  onChange={(value) => setValues((v) => ({ ...v, [field]: value ?? "" }))}
                  allowDeselect={false}
                  disabled={!canManage || models.isPending}
                  placeholder={t("workspace.models.noDefault")}
                  data-testid={`default-${type}`}
                />
              );
            })}
          </SimpleGrid>
          {canManage ? (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending} disabled={models.isPending}>
                {t("workspace.models.saveDefaults")}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
    </Card>
  );
}

function BuiltinProvider() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const typeLabel = useModelTypeLabel();
  const catalogue = useQuery(trpc.models.catalogue.queryOptions());
  const builtin = catalogue.data?.find((e) => e.kind === "builtin");
  if (!builtin) return null;
  return (
    <Card withBorder radius="lg" padding="lg">
      <Stack gap="xs">
        <Group gap="xs">
          <Text fw={600}>{t("workspace.models.kinds.builtin")}</Text>
          <Badge variant="light" color="teal">
            {t("workspace.models.alwaysThere")}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t("workspace.models.builtinHint")}
        </Text>
        <Group gap="xs">
          {builtin.builtinModels.map((m) => (
            <Badge key={m.id} variant="outline" style={{ textTransform: "none" }}>
              {m.id} · {typeLabel(m.type)}
            </Badge>
          ))}
        </Group>
      </Stack>
    </Card>
  );
}

function ProviderCard({
  provider,
  canManage,
  onEdit,
  onDelete,
}: {
  provider: Provider;
  canManage: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const typeLabel = useModelTypeLabel();
  const invalidate = useInvalidateModels();
  const [isAddingModel, addingModel] = useDisclosure(false);
  const test = useMutation(trpc.models.testProvider.mutationOptions());
  const removeModel = useMutation(
    trpc.models.deleteModel.mutationOptions({
      onSuccess: () => invalidate(),
    }),
  );
  return (
    <Card
      withBorder
      radius="lg"
      padding="lg"
      data-testid="provider-card"
      aria-label={provider.name}
      component="section"
    >
      <Stack gap="sm">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <div style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Title order={3} fz="md">
                {provider.name}
              </Title>
              <Badge variant="light">{t(`workspace.models.kinds.${provider.provider}`)}</Badge>
            </Group>
            <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {provider.baseUrl ?? t("workspace.models.defaultUrl")}
              {" · "}
              {provider.apiKey
                ? t("workspace.models.keyMasked", { masked: provider.apiKey })
                : t("workspace.models.noKey")}
            </Text>
          </div>
          <Group gap="xs">
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlayerPlay size={14} />}
              loading={test.isPending}
              onClick={() => test.mutate({ id: provider.id })}
            >
              {t("workspace.models.test")}
            </Button>
            {canManage ? (
              <>
                <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={onEdit}>
                  {t("workspace.common.edit")}
                </Button>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={onDelete}
                  aria-label={t("workspace.models.removeNamed", { name: provider.name })}
                >
                  {t("workspace.models.remove")}
                </Button>
              </>
            ) : null}
          </Group>
        </Group>
        {test.isSuccess ? (
          <Alert
            color="teal"
            variant="light"
            icon={<IconCheck />}
            data-testid="test-result"
            withCloseButton={false}
          >
            {t("workspace.models.testOk", {
              checked: test.data.checked,
              ms: formatNumber(test.data.latencyMs),
            })}
          </Alert>
        ) : null}
        {test.isError ? (
          <Alert color="red" variant="light" icon={<IconCircleX />} data-testid="test-result">
            {errorMessage(test.error, t)}
          </Alert>
        ) : null}
        {removeModel.error ? <ErrorAlert error={removeModel.error} /> : null}
        {provider.models.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("workspace.models.noModels")}
          </Text>
        ) : (
          <Group gap="xs" data-testid="provider-models">
            {provider.models.map((model) => (
              <Badge
                key={model.id}
                variant="outline"
                size="lg"
                style={{ textTransform: "none" }}
                rightSection={
                  canManage ? (
                    <Tooltip label={t("workspace.models.removeModel", { name: model.name })}>
                      <ActionIcon
                        size="xs"
                        variant="transparent"
                        color="gray"
                        aria-label={t("workspace.models.removeModel", { name: model.name })}
                        onClick={() => removeModel.mutate({ id: provider.id, modelId: model.id })}
                      >
                        <IconTrash size={12} />
                      </ActionIcon>
                    </Tooltip>
                  ) : undefined
                }
              >
                {model.name} · {typeLabel(model.type)}
              </Badge>
            ))}
          </Group>
        )}
        {canManage ? (
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={addingModel.open}
            style={{ alignSelf: "flex-start" }}
          >
            {t("workspace.models.addModel")}
          </Button>
        ) : null}
      </Stack>
      <AddModelModal provider={provider} opened={isAddingModel} onClose={addingModel.close} />
    </Card>
  );
}

/** Adds a model by name, or picks one the provider lists (when it can list them). */
function AddModelModal({
  provider,
  opened,
  onClose,
}: {
  provider: Provider;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const typeLabel = useModelTypeLabel();
  const invalidate = useInvalidateModels();
  const [name, setName] = useState("");
  const [type, setType] = useState<ModelType>("chat");
  const [maxTokens, setMaxTokens] = useState<number | "">("");
  const [isDiscovering, setDiscovering] = useState(false);
  const discovered = useQuery({
    ...trpc.models.discover.queryOptions({ id: provider.id }),
    enabled: opened && isDiscovering,
  });
  const add = useMutation(
    trpc.models.addModel.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        close();
      },
    }),
  );
  const close = () => {
    setName("");
    setMaxTokens("");
    setDiscovering(false);
    add.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    add.mutate({ id: provider.id, name: name.trim(), type, ...(maxTokens === "" ? {} : { maxTokens }) });
  };
  const types: ModelType[] = ["chat", "embedding", "rerank", "image2text", "asr", "tts"];
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("workspace.models.addModelTitle", { name: provider.name })}
      centered
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit}>
        <Stack>
          {add.error ? <ErrorAlert error={add.error} /> : null}
          <Button
            variant="light"
            size="xs"
            leftSection={<IconSearch size={14} />}
            onClick={() => setDiscovering(true)}
            loading={discovered.isFetching}
            style={{ alignSelf: "flex-start" }}
          >
            {t("workspace.models.discover")}
          </Button>
          {discovered.isError ? <ErrorAlert error={discovered.error} /> : null}
          {discovered.data ? (
            discovered.data.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("workspace.models.discoveredNone")}
              </Text>
            ) : (
              <Group gap={6}>
                {discovered.data.map((m) => (
                  <Badge
                    key={m.name}
                    component="button"
                    type="button"
                    variant={m.isAdded ? "light" : "outline"}
                    color={m.isAdded ? "gray" : undefined}
                    style={{ textTransform: "none", cursor: "pointer" }}
                    onClick={() => {
                      setName(m.name);
                      setType(m.type);
                    }}
                  >
                    {m.name}
                    {m.isAdded ? ` · ${t("workspace.models.alreadyAdded")}` : ""}
                  </Badge>
                ))}
              </Group>
            )
          ) : null}
          <TextInput
            label={t("workspace.models.modelName")}
            placeholder={t("workspace.models.modelNamePlaceholder")}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-autofocus
            autoComplete="off"
          />
          <Select
            label={t("workspace.models.modelType")}
            data={types.map((v) => ({ value: v, label: typeLabel(v) }))}
            value={type}
            onChange={(value) => {
              const found = types.find((v) => v === value);
              if (found) setType(found);
            }}
            allowDeselect={false}
          />
          <NumberInput
            label={t("workspace.models.maxTokens")}
            placeholder={t("workspace.models.maxTokensPlaceholder")}
            value={maxTokens}
            onChange={(v) => setMaxTokens(typeof v === "number" ? v : "")}
            min={16}
            allowDecimal={false}
          />
          <Text size="xs" c="dimmed">
            {t("workspace.models.modelIdHint")} <Code>{`${name.trim() || "…"}@${provider.name}`}</Code>
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("workspace.common.cancel")}
            </Button>
            <Button type="submit" loading={add.isPending} disabled={!name.trim()}>
              {t("workspace.models.addModel")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteProviderModal({ provider, onClose }: { provider: Provider | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const invalidate = useInvalidateModels();
  const remove = useMutation(
    trpc.models.deleteProvider.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        notifySuccess(t("workspace.models.removed"));
        remove.reset();
        onClose();
      },
    }),
  );
  return (
    <ConfirmModal
      opened={provider !== undefined}
      title={t("workspace.models.removeTitle")}
      body={t("workspace.models.removeBody", { name: provider?.name ?? "" })}
      confirmLabel={t("workspace.models.remove")}
      isPending={remove.isPending}
      error={remove.error}
      onConfirm={() => {
        if (provider) remove.mutate({ id: provider.id });
      }}
      onClose={() => {
        remove.reset();
        onClose();
      }}
    />
  );
}
