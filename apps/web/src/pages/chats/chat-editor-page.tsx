import {
  Anchor,
  Button,
  Card,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Slider,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { DEFAULT_SYSTEM_PROMPT, KNOWLEDGE_VARIABLE, ZCreateChatInput } from "@ragtime/core/schemas";
import type { RouterInputs, RouterOutputs } from "@ragtime/server/router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { ErrorState, LoadingState } from "../../components/knowledge/states";
import { errorField, errorMessage } from "../../lib/errors";
import { notifySuccess } from "../../lib/notify";
import { useTRPC } from "../../lib/trpc";
import { useModelOptions } from "../models/use-model-options";
import { PageHeader } from "../team/page-header";

type Chat = RouterOutputs["chats"]["get"];
type CreateChatInput = RouterInputs["chats"]["create"];

/** The server's defaults for a new assistant, read from its own schema. */
const DEFAULTS = ZCreateChatInput.parse({ name: "x" });
const RETRIEVAL_BOUNDS = { topN: [1, 100], topK: [1, 4096], maxTokens: [1, 131_072] } as const;

type Form = {
  name: string;
  description: string;
  kbIds: string[];
  chatModel: string;
  rerankModel: string;
  system: string;
  opener: string;
  emptyResponse: string;
  showQuote: boolean;
  refineMultiturn: boolean;
  keywordExpansion: boolean;
  topN: number;
  topK: number;
  similarityThreshold: number;
  vectorSimilarityWeight: number;
  temperature: number;
  maxTokens: number;
};

/** The select's value for "the workspace's default model". */
const DEFAULT_MODEL = "";

function formOf(chat: Chat | undefined, defaultOpener: string): Form {
  return {
    name: chat?.name ?? "",
    description: chat?.description ?? "",
    kbIds: chat?.kbIds ?? [],
    chatModel: chat?.chatModel ?? DEFAULT_MODEL,
    rerankModel: chat?.rerankModel ?? DEFAULT_MODEL,
    system: chat?.prompt.system ?? DEFAULT_SYSTEM_PROMPT,
    opener: chat?.prompt.opener ?? defaultOpener,
    emptyResponse: chat?.prompt.emptyResponse ?? "",
    showQuote: chat?.prompt.showQuote ?? true,
    refineMultiturn: chat?.prompt.refineMultiturn ?? false,
    keywordExpansion: chat?.prompt.keywordExpansion ?? false,
    topN: chat?.topN ?? DEFAULTS.topN,
    topK: chat?.topK ?? DEFAULTS.topK,
    similarityThreshold: chat?.similarityThreshold ?? DEFAULTS.similarityThreshold,
    vectorSimilarityWeight: chat?.vectorSimilarityWeight ?? DEFAULTS.vectorSimilarityWeight,
    temperature: chat?.llmSettings.temperature ?? 0.1,
    maxTokens: chat?.llmSettings.maxTokens ?? 512,
  };
}

/** Create (`/chats/new`) or change (`/chats/:chatId/edit`) a chat assistant. */
export function ChatEditorPage() {
  const { chatId } = useParams();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const chat = useQuery({
    ...trpc.chats.get.queryOptions({ id: chatId ?? "" }),
    enabled: chatId !== undefined,
  });
  if (chatId === undefined) return <ChatEditor chat={undefined} />;
  if (chat.isPending) return <LoadingState />;
  if (chat.isError) {
    return (
      <Stack maw={720} mx="auto">
        <ErrorState error={chat.error} onRetry={() => void chat.refetch()} />
        <Anchor component={Link} to="/chats" size="sm">
          {t("workspace.chats.backToList")}
        </Anchor>
      </Stack>
    );
  }
  return <ChatEditor chat={chat.data} />;
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  const id = `section-${title.replace(/\W+/g, "-")}`;
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <div>
          <Title order={2} fz="lg" id={id}>
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

/** Back to the conversation the settings were opened from (only a path of this chat), else the chat. */
function returnTo(state: unknown, chatId: string): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === "string" && from.startsWith(`/chats/${chatId}`) ? from : `/chats/${chatId}`;
}

function ChatEditor({ chat }: { chat: Chat | undefined }) {
  const { t } = useTranslation();
  const location = useLocation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // A new assistant greets in the language of the person creating it.
  const [form, setForm] = useState<Form>(() => formOf(chat, t("workspace.chatEditor.defaultOpener")));
  const [localErrors, setLocalErrors] = useState<Partial<Record<keyof Form, string>>>({});
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const kbs = useQuery(
    trpc.knowledgeBases.list.queryOptions({ pageSize: 100, orderBy: "name", order: "asc" }),
  );
  const chatModels = useModelOptions("chat", form.chatModel);
  const rerankModels = useModelOptions("rerank", form.rerankModel);

  const onSaved = async (saved: Chat) => {
    queryClient.setQueryData(trpc.chats.get.queryKey({ id: saved.id }), saved);
    await queryClient.invalidateQueries(trpc.chats.list.queryFilter());
    notifySuccess(t("workspace.chatEditor.saved"));
    void navigate(returnTo(location.state, saved.id));
  };
  const create = useMutation(trpc.chats.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.chats.update.mutationOptions({ onSuccess: onSaved }));
  const mutation = chat ? update : create;
  const error = mutation.error;
  const field = error ? errorField(error) : undefined;
  const serverError = (...names: string[]) =>
    error && field && names.some((n) => field === n || field.startsWith(`${n}.`))
      ? errorMessage(error, t)
      : undefined;
  const isFieldError =
    field !== undefined && /^(name|kbIds|chatModel|rerankModel|prompt\.system)/.test(field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Partial<Record<keyof Form, string>> = {};
    if (!form.name.trim()) errors.name = t("validation.required");
    if (form.kbIds.length > 0 && !form.system.includes(`{${KNOWLEDGE_VARIABLE}}`))
      errors.system = t("workspace.chatEditor.needsKnowledge", { placeholder: `{${KNOWLEDGE_VARIABLE}}` });
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const body: CreateChatInput = {
      name: form.name.trim(),
      description: form.description,
      kbIds: form.kbIds,
      ...(form.chatModel ? { chatModel: form.chatModel } : {}),
      ...(form.rerankModel ? { rerankModel: form.rerankModel } : {}),
      prompt: {
        system: form.system,
        opener: form.opener,
        emptyResponse: form.emptyResponse,
        showQuote: form.showQuote,
        refineMultiturn: form.refineMultiturn,
        keywordExpansion: form.keywordExpansion,
      },
      llmSettings: { temperature: form.temperature, maxTokens: form.maxTokens },
      topN: form.topN,
      topK: form.topK,
      similarityThreshold: form.similarityThreshold,
      vectorSimilarityWeight: form.vectorSimilarityWeight,
    };
    if (chat) {
      update.mutate({
        ...body,
        id: chat.id,
        // Emptied selects go back to the workspace default.
        chatModel: form.chatModel || null,
        rerankModel: form.rerankModel || null,
      });
    } else {
      create.mutate(body);
    }
  };

  const kbOptions = (kbs.data?.items ?? []).map((kb) => ({
    value: kb.id,
    label:
      kb.chunkCount > 0
        ? t("workspace.chatEditor.kbOption", { name: kb.name, count: kb.chunkCount })
        : t("workspace.chatEditor.kbNotParsed", { name: kb.name }),
    disabled: kb.chunkCount === 0 && !form.kbIds.includes(kb.id),
  }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={860} mx="auto" gap="lg">
        <PageHeader
          title={
            chat
              ? t("workspace.chatEditor.editTitle", { name: chat.name })
              : t("workspace.chatEditor.newTitle")
          }
          subtitle={t("workspace.chatEditor.subtitle")}
        />
        {error && !isFieldError ? <ErrorAlert error={error} /> : null}

        <Section title={t("workspace.chatEditor.identity")}>
          <TextInput
            label={t("workspace.chatEditor.name")}
            value={form.name}
            onChange={(e) => set("name", e.currentTarget.value)}
            error={localErrors.name ?? serverError("name")}
            maxLength={128}
            required
          />
          <Textarea
            label={t("workspace.chatEditor.description")}
            value={form.description}
            onChange={(e) => set("description", e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={4000}
          />
        </Section>

        <Section title={t("workspace.chatEditor.knowledge")} hint={t("workspace.chatEditor.knowledgeHint")}>
          {kbs.isError ? <ErrorState error={kbs.error} onRetry={() => void kbs.refetch()} /> : null}
          <MultiSelect
            label={t("workspace.chatEditor.knowledgeBases")}
            placeholder={
              form.kbIds.length === 0 ? t("workspace.chatEditor.knowledgeBasesPlaceholder") : undefined
            }
            data={kbOptions}
            value={form.kbIds}
            onChange={(value) => set("kbIds", value)}
            searchable
            nothingFoundMessage={t("workspace.chatEditor.noKnowledgeBase")}
            disabled={kbs.isPending}
            error={serverError("kbIds")}
            maxValues={20}
            hidePickedOptions
            data-testid="kb-select"
          />
        </Section>

        <Section title={t("workspace.chatEditor.model")} hint={t("workspace.chatEditor.modelHint")}>
          <Select
            label={t("workspace.chatEditor.chatModel")}
            data={[
              { value: DEFAULT_MODEL, label: t("workspace.chatEditor.workspaceDefault") },
              ...chatModels.options,
            ]}
            value={form.chatModel}
            onChange={(value) => set("chatModel", value ?? DEFAULT_MODEL)}
            allowDeselect={false}
            error={serverError("chatModel")}
            data-testid="chat-model-select"
          />
          <Group grow align="flex-start">
            <NumberInput
              label={t("workspace.chatEditor.temperature")}
              description={t("workspace.chatEditor.temperatureHint")}
              value={form.temperature}
              onChange={(v) => set("temperature", typeof v === "number" ? v : 0)}
              min={0}
              max={2}
              step={0.1}
              decimalScale={2}
            />
            <NumberInput
              label={t("workspace.chatEditor.maxTokens")}
              description={t("workspace.chatEditor.maxTokensHint")}
              value={form.maxTokens}
              onChange={(v) => set("maxTokens", typeof v === "number" ? v : RETRIEVAL_BOUNDS.maxTokens[0])}
              min={RETRIEVAL_BOUNDS.maxTokens[0]}
              max={RETRIEVAL_BOUNDS.maxTokens[1]}
              allowDecimal={false}
            />
          </Group>
        </Section>

        <Section title={t("workspace.chatEditor.prompt")}>
          <Textarea
            label={t("workspace.chatEditor.system")}
            description={t("workspace.chatEditor.systemHint", { placeholder: `{${KNOWLEDGE_VARIABLE}}` })}
            value={form.system}
            onChange={(e) => set("system", e.currentTarget.value)}
            error={localErrors.system ?? serverError("prompt.system", "prompt")}
            autosize
            minRows={6}
            maxRows={16}
            maxLength={20_000}
          />
          <Textarea
            label={t("workspace.chatEditor.opener")}
            description={t("workspace.chatEditor.openerHint")}
            value={form.opener}
            onChange={(e) => set("opener", e.currentTarget.value)}
            autosize
            minRows={1}
            maxLength={2000}
          />
          <Textarea
            label={t("workspace.chatEditor.emptyResponse")}
            description={t("workspace.chatEditor.emptyResponseHint")}
            value={form.emptyResponse}
            onChange={(e) => set("emptyResponse", e.currentTarget.value)}
            autosize
            minRows={1}
            maxLength={2000}
          />
          <Switch
            label={t("workspace.chatEditor.showQuote")}
            description={t("workspace.chatEditor.showQuoteHint")}
            checked={form.showQuote}
            onChange={(e) => set("showQuote", e.currentTarget.checked)}
          />
          <Switch
            label={t("workspace.chatEditor.refineMultiturn")}
            description={t("workspace.chatEditor.refineMultiturnHint")}
            checked={form.refineMultiturn}
            onChange={(e) => set("refineMultiturn", e.currentTarget.checked)}
          />
          <Switch
            label={t("workspace.chatEditor.keywordExpansion")}
            description={t("workspace.chatEditor.keywordExpansionHint")}
            checked={form.keywordExpansion}
            onChange={(e) => set("keywordExpansion", e.currentTarget.checked)}
          />
        </Section>

        <Section title={t("workspace.chatEditor.retrieval")} hint={t("workspace.chatEditor.retrievalHint")}>
          <ScoreSlider
            label={t("workspace.chatEditor.similarityThreshold")}
            hint={t("workspace.chatEditor.similarityThresholdHint")}
            value={form.similarityThreshold}
            onChange={(v) => set("similarityThreshold", v)}
          />
          <ScoreSlider
            label={t("workspace.chatEditor.vectorWeight")}
            hint={t("workspace.chatEditor.vectorWeightHint")}
            value={form.vectorSimilarityWeight}
            onChange={(v) => set("vectorSimilarityWeight", v)}
          />
          <Group grow align="flex-start">
            <NumberInput
              label={t("workspace.chatEditor.topN")}
              description={t("workspace.chatEditor.topNHint")}
              value={form.topN}
              onChange={(v) => set("topN", typeof v === "number" ? v : RETRIEVAL_BOUNDS.topN[0])}
              min={RETRIEVAL_BOUNDS.topN[0]}
              max={RETRIEVAL_BOUNDS.topN[1]}
              allowDecimal={false}
            />
            <NumberInput
              label={t("workspace.chatEditor.topK")}
              description={t("workspace.chatEditor.topKHint")}
              value={form.topK}
              onChange={(v) => set("topK", typeof v === "number" ? v : RETRIEVAL_BOUNDS.topK[0])}
              min={RETRIEVAL_BOUNDS.topK[0]}
              max={RETRIEVAL_BOUNDS.topK[1]}
              allowDecimal={false}
            />
          </Group>
          <Select
            label={t("workspace.chatEditor.rerankModel")}
            description={t("workspace.chatEditor.rerankModelHint")}
            data={[
              { value: DEFAULT_MODEL, label: t("workspace.chatEditor.noRerank") },
              ...rerankModels.options,
            ]}
            value={form.rerankModel}
            onChange={(value) => set("rerankModel", value ?? DEFAULT_MODEL)}
            allowDeselect={false}
            error={serverError("rerankModel")}
          />
        </Section>

        <Group justify="flex-end">
          <Button component={Link} to={chat ? returnTo(location.state, chat.id) : "/chats"} variant="default">
            {t("workspace.common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {chat ? t("workspace.common.save") : t("workspace.chatEditor.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A 0..1 setting: a slider for the feel, its value spelled out for screen readers and eyes. */
function ScoreSlider({
  label,
  hint,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  value: number;
  onChange: (value: number) => void;
}) {
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Text size="sm" ff="monospace">
          {value.toFixed(2)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
      <Slider
        value={value}
        onChange={onChange}
        min={0}
        max={1}
        step={0.01}
        label={(v) => v.toFixed(2)}
        thumbLabel={label}
        mb="xs"
      />
    </Stack>
  );
}
