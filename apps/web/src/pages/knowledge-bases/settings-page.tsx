import {
  Alert,
  Autocomplete,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Slider,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { IconInfoCircle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { ConfirmModal } from "../../components/knowledge/confirm-modal";
import { formatNumber, formatScore } from "../../components/knowledge/format";
import { notifySuccess } from "../../lib/notify";
import { useTRPC } from "../../lib/trpc";
import { type ChunkMethod, isChunkMethod, useChunkMethodOptions } from "./chunk-methods";
import {
  BUILTIN_EMBEDDING_MODEL,
  RANGES,
  readDelimiter,
  readPages,
  showDelimiter,
  showPages,
} from "./parser-config";
import { type KnowledgeBase, useKbOutlet } from "./use-kb";

function Section({ title, children, hint }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Card withBorder radius="lg" padding="lg" component="section">
      <Stack>
        <div>
          <Title order={2} fz="lg">
            {title}
          </Title>
          {hint ? (
            <Text size="sm" c="dimmed">
              {hint}
            </Text>
          ) : null}
        </div>
        {children}
      </Stack>
    </Card>
  );
}

/** A score in [0, 1] as a slider with its value, labelled for screen readers. */
function ScoreSlider({
  label,
  hint,
  value,
  onChange,
  disabled,
}: {
  label: string;
  hint: string;
  value: number;
  onChange: (value: number) => void;
  disabled: boolean;
}) {
  const id = useId();
  return (
    <div>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={500} id={id}>
          {label}
        </Text>
        <Text size="sm" ff="monospace">
          {formatScore(value)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mb={6}>
        {hint}
      </Text>
      <Slider
        min={0}
        max={1}
        step={0.01}
        value={value}
        onChange={onChange}
        disabled={disabled}
        label={formatScore}
        thumbLabel={label}
        aria-labelledby={id}
      />
    </div>
  );
}

function toInt(value: string | number, fallback: number): number {
  const n = typeof value === "number" ? value : Number.parseInt(value, 10);
  return Number.isFinite(n) ? Math.round(n) : fallback;
}

function SettingsForm({ kb }: { kb: KnowledgeBase }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The workspace's embedding models (built-in and configured providers') as suggestions.
  const embeddingModels = useQuery(trpc.models.list.queryOptions({ type: "embedding" }));
  const navigate = useNavigate();
  const methodOptions = useChunkMethodOptions();
  const isReadOnly = !kb.canEdit;
  const config = kb.parserConfig;

  const [name, setName] = useState(kb.name);
  const [description, setDescription] = useState(kb.description ?? "");
  const [permission, setPermission] = useState(kb.permission);
  const [embeddingModel, setEmbeddingModel] = useState(kb.embeddingModel);
  const [chunkMethod, setChunkMethod] = useState<ChunkMethod>(kb.chunkMethod);
  const [chunkTokenNum, setChunkTokenNum] = useState(config.chunkTokenNum);
  const [delimiter, setDelimiter] = useState(showDelimiter(config.delimiter));
  const [overlapPercent, setOverlapPercent] = useState(config.overlapPercent);
  const [pages, setPages] = useState(showPages(config.pages));
  const [autoKeywords, setAutoKeywords] = useState(config.autoKeywords);
  const [autoQuestions, setAutoQuestions] = useState(config.autoQuestions);
  const [html4excel, setHtml4excel] = useState(config.html4excel);
  const [threshold, setThreshold] = useState(kb.similarityThreshold);
  const [vectorWeight, setVectorWeight] = useState(kb.vectorSimilarityWeight);
  const [errors, setErrors] = useState<{ name?: string; pages?: string; delimiter?: string }>({});
  const [isDeleting, deleting] = useDisclosure(false);

  const update = useMutation(
    trpc.knowledgeBases.update.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.knowledgeBases.get.queryKey({ id: updated.id }), updated);
        void queryClient.invalidateQueries(trpc.knowledgeBases.list.pathFilter());
        notifySuccess(t("knowledge.settings.saved"));
      },
    }),
  );
  const remove = useMutation(
    trpc.knowledgeBases.delete.mutationOptions({
      onSuccess: () => {
        queryClient.removeQueries(trpc.knowledgeBases.get.queryFilter({ id: kb.id }));
        void queryClient.invalidateQueries(trpc.knowledgeBases.list.pathFilter());
        notifySuccess(t("knowledge.settings.deleted", { name: kb.name }));
        void navigate("/knowledge-bases");
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const pageRanges = readPages(pages);
    const nextErrors = {
      name: name.trim() === "" ? t("validation.required") : undefined,
      pages: pageRanges === undefined ? t("knowledge.settings.pagesInvalid") : undefined,
      delimiter: delimiter === "" ? t("validation.required") : undefined,
    };
    setErrors(nextErrors);
    if (nextErrors.name || nextErrors.pages || nextErrors.delimiter) return;
    update.mutate({
      id: kb.id,
      name: name.trim(),
      description: description.trim() === "" ? null : description.trim(),
      permission,
      ...(embeddingModel.trim() !== kb.embeddingModel ? { embeddingModel: embeddingModel.trim() } : {}),
      chunkMethod,
      parserConfig: {
        chunkTokenNum,
        delimiter: readDelimiter(delimiter),
        overlapPercent,
        autoKeywords,
        autoQuestions,
        html4excel,
        ...(pageRanges && pageRanges.length > 0 ? { pages: pageRanges } : {}),
      },
      similarityThreshold: threshold,
      vectorSimilarityWeight: vectorWeight,
    });
  };

  const numberField = (
    key: "chunkTokenNum" | "overlapPercent" | "autoKeywords" | "autoQuestions",
    value: number,
    set: (n: number) => void,
  ) => (
    <NumberInput
      label={t(`knowledge.settings.${key}`)}
      description={t(`knowledge.settings.${key}Hint`, RANGES[key])}
      min={RANGES[key].min}
      max={RANGES[key].max}
      clampBehavior="strict"
      allowDecimal={false}
      value={value}
      onChange={(v) => set(toInt(v, value))}
      disabled={isReadOnly}
      hideControls
    />
  );

  return (
    <>
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          {isReadOnly ? (
            <Alert variant="light" icon={<IconInfoCircle />}>
              {t("knowledge.settings.readOnly")}
            </Alert>
          ) : null}
          {update.error ? <ErrorAlert error={update.error} /> : null}
          <Section title={t("knowledge.settings.general")}>
            <TextInput
              label={t("knowledge.settings.name")}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              disabled={isReadOnly}
            />
            <Textarea
              label={t("knowledge.settings.description")}
              autosize
              minRows={2}
              maxRows={8}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              disabled={isReadOnly}
            />
            <div>
              <Text size="sm" fw={500} id="kb-permission-label">
                {t("knowledge.settings.permission")}
              </Text>
              <Text size="xs" c="dimmed" mb={6}>
                {t("knowledge.settings.permissionHint")}
              </Text>
              <SegmentedControl
                aria-labelledby="kb-permission-label"
                value={permission}
                onChange={(v) => setPermission(v === "team" ? "team" : "me")}
                data={[
                  { value: "me", label: t("knowledge.permissions.me") },
                  { value: "team", label: t("knowledge.permissions.team") },
                ]}
                disabled={isReadOnly}
              />
            </div>
            <Autocomplete
              label={t("knowledge.settings.embeddingModel")}
              description={t("knowledge.settings.embeddingModelHint")}
              data={[
                ...new Set([
                  BUILTIN_EMBEDDING_MODEL,
                  kb.embeddingModel,
                  ...(embeddingModels.data ?? []).map((m) => m.id),
                ]),
              ]}
              value={embeddingModel}
              onChange={setEmbeddingModel}
              disabled={isReadOnly || kb.chunkCount > 0}
            />
          </Section>
          <Section title={t("knowledge.settings.parsing")} hint={t("knowledge.settings.parsingHint")}>
            <Select
              label={t("knowledge.settings.chunkMethod")}
              data={methodOptions}
              value={chunkMethod}
              allowDeselect={false}
              onChange={(value) => {
                if (isChunkMethod(value)) setChunkMethod(value);
              }}
              disabled={isReadOnly}
              description={t(`knowledge.chunkMethodHelp.${chunkMethod}`)}
              inputWrapperOrder={["label", "input", "description", "error"]}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {numberField("chunkTokenNum", chunkTokenNum, setChunkTokenNum)}
              {numberField("overlapPercent", overlapPercent, setOverlapPercent)}
              <TextInput
                label={t("knowledge.settings.delimiter")}
                description={t("knowledge.settings.delimiterHint")}
                value={delimiter}
                onChange={(e) => setDelimiter(e.currentTarget.value)}
                error={errors.delimiter}
                disabled={isReadOnly}
                styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
              />
              <TextInput
                label={t("knowledge.settings.pages")}
                description={t("knowledge.settings.pagesHint")}
                placeholder="1-10, 15"
                value={pages}
                onChange={(e) => setPages(e.currentTarget.value)}
                error={errors.pages}
                disabled={isReadOnly}
              />
              {numberField("autoKeywords", autoKeywords, setAutoKeywords)}
              {numberField("autoQuestions", autoQuestions, setAutoQuestions)}
            </SimpleGrid>
            <Switch
              label={t("knowledge.settings.html4excel")}
              description={t("knowledge.settings.html4excelHint")}
              checked={html4excel}
              onChange={(e) => setHtml4excel(e.currentTarget.checked)}
              disabled={isReadOnly}
            />
          </Section>
          <Section title={t("knowledge.settings.retrieval")}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl">
              <ScoreSlider
                label={t("knowledge.settings.similarityThreshold")}
                hint={t("knowledge.settings.similarityThresholdHint")}
                value={threshold}
                onChange={setThreshold}
                disabled={isReadOnly}
              />
              <ScoreSlider
                label={t("knowledge.settings.vectorWeight")}
                hint={t("knowledge.settings.vectorWeightHint")}
                value={vectorWeight}
                onChange={setVectorWeight}
                disabled={isReadOnly}
              />
            </SimpleGrid>
          </Section>
          {isReadOnly ? null : (
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending}>
                {t("knowledge.settings.save")}
              </Button>
            </Group>
          )}
          {isReadOnly ? null : (
            <Card
              withBorder
              radius="lg"
              padding="lg"
              component="section"
              style={{ borderColor: "var(--mantine-color-red-4)" }}
            >
              <Group justify="space-between" gap="sm">
                <div style={{ minWidth: 0 }}>
                  <Title order={2} fz="lg">
                    {t("knowledge.settings.dangerZone")}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {t("knowledge.settings.dangerHint")}
                  </Text>
                </div>
                <Button color="red" variant="light" onClick={deleting.open}>
                  {t("knowledge.settings.delete")}
                </Button>
              </Group>
            </Card>
          )}
        </Stack>
      </form>
      <ConfirmModal
        opened={isDeleting}
        title={t("knowledge.settings.deleteTitle", { name: kb.name })}
        body={t("knowledge.settings.deleteBody", { count: kb.docCount, value: formatNumber(kb.docCount) })}
        confirmLabel={t("knowledge.settings.delete")}
        typeToConfirm={kb.name}
        isPending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ id: kb.id })}
        onClose={() => {
          remove.reset();
          deleting.close();
        }}
      />
    </>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  const { kb } = useKbOutlet();
  useDocumentTitle(`${t("knowledge.settings.pageTitle", { name: kb.name })} · ${t("app.name")}`);
  // Keyed by the last update, so a save elsewhere refreshes the form's starting values.
  return <SettingsForm key={`${kb.id}-${kb.updatedAt}`} kb={kb} />;
}
