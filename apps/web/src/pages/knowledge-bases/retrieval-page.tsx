import {
  Anchor,
  Badge,
  Button,
  Card,
  Chip,
  Grid,
  Group,
  NumberInput,
  Slider,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { MAX_RETRIEVAL_TOP_K, ZRetrievalInput } from "@ragtime/core/schemas";
import type { RouterInputs, RouterOutputs } from "@ragtime/server/router";
import { IconSearch } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatNumber, formatScore } from "../../components/knowledge/format";
import { HighlightedText } from "../../components/knowledge/highlighted-text";
import { Pager } from "../../components/knowledge/pager";
import { ScoreBar } from "../../components/knowledge/score-bar";
import { EmptyState, ErrorState } from "../../components/knowledge/states";
import { useTRPC } from "../../lib/trpc";
import { ChunkPages } from "./chunk-pages";
import { useKbOutlet } from "./use-kb";

type SearchInput = RouterInputs["retrieval"]["search"];
const PAGE_SIZE = 10;
const TOP_K_DEFAULT = ZRetrievalInput.shape.topK.parse(undefined);
const QUESTION_MAX = ZRetrievalInput.shape.question.maxLength ?? 4000;

function LabelledSlider({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number;
  onChange: (value: number) => void;
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
      <Slider
        min={0}
        max={1}
        step={0.01}
        value={value}
        onChange={onChange}
        label={formatScore}
        thumbLabel={label}
        aria-labelledby={id}
      />
    </div>
  );
}

type RetrievedChunk = RouterOutputs["retrieval"]["search"]["chunks"][number];

/** The BM25 behind a result's keyword score: each query term's rarity, frequency and share. */
function TermTable({
  rank,
  bm25,
  terms,
}: {
  rank: number;
  bm25: number | undefined;
  terms: NonNullable<RetrievedChunk["explanation"]>;
}) {
  const { t } = useTranslation();
  const number = (value: number) => formatScore(value);
  return (
    <details data-testid="term-explanation">
      <summary style={{ cursor: "pointer" }}>
        <Text span size="xs" fw={500}>
          {t("knowledge.retrieval.explanation")}
          {bm25 !== undefined ? ` · ${t("knowledge.retrieval.bm25", { value: number(bm25) })}` : ""}
        </Text>
      </summary>
      <Table.ScrollContainer minWidth={420} mt={6}>
        <Table
          fz="xs"
          verticalSpacing={4}
          aria-label={t("knowledge.retrieval.explanationFor", { rank })}
          withTableBorder
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("knowledge.retrieval.termCol")}</Table.Th>
              <Table.Th ta="right">{t("knowledge.retrieval.dfCol")}</Table.Th>
              <Table.Th ta="right">{t("knowledge.retrieval.idfCol")}</Table.Th>
              <Table.Th ta="right">{t("knowledge.retrieval.tfCol")}</Table.Th>
              <Table.Th ta="right">{t("knowledge.retrieval.scoreCol")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {terms.map((term) => (
              <Table.Tr key={term.term}>
                <Table.Td ff="monospace">{term.term}</Table.Td>
                <Table.Td ta="right">{formatNumber(term.df)}</Table.Td>
                <Table.Td ta="right">{number(term.idf)}</Table.Td>
                <Table.Td ta="right">{number(term.weightedTf)}</Table.Td>
                <Table.Td ta="right">{number(term.score)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </details>
  );
}

export function RetrievalPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { kb } = useKbOutlet();
  useDocumentTitle(`${t("knowledge.retrieval.pageTitle", { name: kb.name })} · ${t("app.name")}`);
  const [question, setQuestion] = useState("");
  const [questionError, setQuestionError] = useState<string | undefined>();
  const [threshold, setThreshold] = useState(kb.similarityThreshold);
  const [vectorWeight, setVectorWeight] = useState(kb.vectorSimilarityWeight);
  const [topK, setTopK] = useState(TOP_K_DEFAULT);
  const [highlight, setHighlight] = useState(true);
  const [explain, setExplain] = useState(false);
  const [documentIds, setDocumentIds] = useState<string[]>([]);
  const [asked, setAsked] = useState<SearchInput | undefined>();
  const search = useMutation(trpc.retrieval.search.mutationOptions());

  const ask = (input: SearchInput) => {
    setAsked(input);
    search.mutate(input);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = question.trim();
    const problem = q === "" ? t("validation.required") : undefined;
    setQuestionError(problem);
    if (problem) return;
    ask({
      kbIds: [kb.id],
      question: q,
      similarityThreshold: threshold,
      vectorSimilarityWeight: vectorWeight,
      topK,
      highlight,
      explain,
      page: 1,
      pageSize: PAGE_SIZE,
      ...(documentIds.length > 0 ? { documentIds } : {}),
    });
  };

  let results: ReactNode;
  if (search.isPending) {
    results = (
      <Text size="sm" c="dimmed" role="status">
        {t("common.loading")}
      </Text>
    );
  } else if (search.isError) {
    results = <ErrorState error={search.error} onRetry={asked ? () => ask(asked) : undefined} />;
  } else if (!search.data || !asked) {
    results = <EmptyState title={t("knowledge.retrieval.results")} body={t("knowledge.retrieval.idle")} />;
  } else if (search.data.chunks.length === 0) {
    results = (
      <EmptyState title={t("knowledge.retrieval.emptyTitle")} body={t("knowledge.retrieval.emptyBody")} />
    );
  } else {
    const data = search.data;
    const page = asked.page ?? 1;
    results = (
      <Stack gap="sm">
        <Text size="sm" fw={600} data-testid="retrieval-total">
          {t("knowledge.retrieval.total", { count: data.total, value: formatNumber(data.total) })}
        </Text>
        {data.docAggs.length > 1 || documentIds.length > 0 ? (
          <Chip.Group
            multiple
            value={documentIds}
            onChange={(ids) => {
              setDocumentIds(ids);
              ask({
                ...asked,
                page: 1,
                ...(ids.length > 0 ? { documentIds: ids } : { documentIds: undefined }),
              });
            }}
          >
            <Group gap={6} aria-label={t("knowledge.retrieval.documents")} role="group">
              {data.docAggs.map((agg) => (
                <Chip key={agg.documentId} value={agg.documentId} size="xs">
                  {agg.documentName} ({formatNumber(agg.count)})
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        ) : null}
        <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
          {data.chunks.map((chunk, i) => {
            const rank = (page - 1) * PAGE_SIZE + i + 1;
            return (
              <Card
                key={chunk.id}
                withBorder
                radius="md"
                padding="md"
                component="li"
                data-testid="retrieval-result"
              >
                <Stack gap="xs">
                  <Group justify="space-between" gap="xs" align="flex-start">
                    <Group gap={6} style={{ minWidth: 0 }}>
                      <Badge variant="filled" size="lg" data-testid="retrieval-rank">
                        {t("knowledge.retrieval.rank", { rank })}
                      </Badge>
                      <Anchor
                        component={Link}
                        to={`/knowledge-bases/${chunk.kbId}/documents/${chunk.documentId}`}
                        size="sm"
                        fw={500}
                        style={{ overflowWrap: "anywhere" }}
                      >
                        {chunk.documentName}
                      </Anchor>
                      <ChunkPages pages={chunk.pageNumbers} documentName={chunk.documentName} />
                    </Group>
                  </Group>
                  <Stack gap={4} maw={480}>
                    <ScoreBar
                      label={t("knowledge.retrieval.similarity")}
                      value={chunk.similarity}
                      color="indigo"
                    />
                    <ScoreBar
                      label={t("knowledge.retrieval.vector")}
                      value={chunk.vectorSimilarity}
                      color="grape"
                    />
                    <ScoreBar
                      label={t("knowledge.retrieval.term")}
                      value={chunk.termSimilarity}
                      color="teal"
                    />
                  </Stack>
                  {chunk.explanation && chunk.explanation.length > 0 ? (
                    <TermTable rank={rank} bm25={chunk.bm25} terms={chunk.explanation} />
                  ) : null}
                  <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} lineClamp={12}>
                    {chunk.highlight ? <HighlightedText text={chunk.highlight} /> : chunk.content}
                  </Text>
                </Stack>
              </Card>
            );
          })}
        </Stack>
        <Pager
          page={page}
          pageSize={PAGE_SIZE}
          total={data.total}
          onChange={(p) => ask({ ...asked, page: p })}
        />
      </Stack>
    );
  }

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Card withBorder radius="lg" padding="lg" component="section">
          <form onSubmit={submit} noValidate>
            <Stack>
              <div>
                <Title order={2} fz="lg">
                  {t("knowledge.retrieval.title")}
                </Title>
                <Text size="sm" c="dimmed">
                  {t("knowledge.retrieval.subtitle")}
                </Text>
              </div>
              <Textarea
                label={t("knowledge.retrieval.question")}
                placeholder={t("knowledge.retrieval.questionPlaceholder")}
                value={question}
                onChange={(e) => setQuestion(e.currentTarget.value)}
                onKeyDown={(e) => {
                  // Enter asks; Shift+Enter adds a line.
                  if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                    e.preventDefault();
                    e.currentTarget.form?.requestSubmit();
                  }
                }}
                error={questionError}
                maxLength={QUESTION_MAX}
                autosize
                minRows={3}
                maxRows={8}
                required
              />
              <LabelledSlider
                label={t("knowledge.retrieval.threshold")}
                value={threshold}
                onChange={setThreshold}
              />
              <LabelledSlider
                label={t("knowledge.retrieval.vectorWeight")}
                value={vectorWeight}
                onChange={setVectorWeight}
              />
              <NumberInput
                label={t("knowledge.retrieval.topK")}
                description={t("knowledge.retrieval.topKHint", { min: 1, max: MAX_RETRIEVAL_TOP_K })}
                min={1}
                max={MAX_RETRIEVAL_TOP_K}
                clampBehavior="strict"
                allowDecimal={false}
                value={topK}
                onChange={(v) => setTopK(typeof v === "number" && Number.isFinite(v) ? v : TOP_K_DEFAULT)}
                hideControls
              />
              <Switch
                label={t("knowledge.retrieval.highlight")}
                checked={highlight}
                onChange={(e) => setHighlight(e.currentTarget.checked)}
              />
              <Switch
                label={t("knowledge.retrieval.explain")}
                checked={explain}
                onChange={(e) => setExplain(e.currentTarget.checked)}
              />
              <Button type="submit" leftSection={<IconSearch size={18} />} loading={search.isPending}>
                {t("knowledge.retrieval.submit")}
              </Button>
            </Stack>
          </form>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <section aria-label={t("knowledge.retrieval.results")} aria-live="polite">
          {results}
        </section>
      </Grid.Col>
    </Grid>
  );
}
