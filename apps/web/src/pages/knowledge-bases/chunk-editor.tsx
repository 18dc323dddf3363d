import { Badge, Button, Group, Modal, Stack, Switch, Textarea } from "@mantine/core";
import { ZCreateChunkInput } from "@ragtime/core/schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/error-alert";
import { formatNumber } from "../../components/knowledge/format";
import { notifySuccess } from "../../lib/notify";
import { useTRPC } from "../../lib/trpc";
import { ChunkPages } from "./chunk-pages";
import type { Chunk } from "./use-kb";

const shape = ZCreateChunkInput.shape;
const keywordSchema = shape.importantKeywords.unwrap();
const questionSchema = shape.questions.unwrap();

/** The largest list the server's schema accepts (zod keeps no readable bound on arrays). */
function maxItems(schema: { safeParse(value: unknown): { success: boolean } }): number {
  let n = 1;
  while (n < 1000 && schema.safeParse(Array.from({ length: n + 1 }, () => "a")).success) n += 1;
  return n;
}
export const LIMITS = {
  content: shape.content.maxLength ?? 20_000,
  keywords: maxItems(keywordSchema),
  keyword: keywordSchema.element.maxLength ?? 100,
  questions: maxItems(questionSchema),
  question: questionSchema.element.maxLength ?? 500,
};

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");

type Errors = { content?: string; keywords?: string; questions?: string };

/** Add (no chunk) or edit a chunk: content, keywords and questions, one per line. */
export function ChunkEditor({
  documentId,
  chunk,
  onClose,
}: {
  documentId: string;
  chunk: Chunk | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [content, setContent] = useState(chunk?.content ?? "");
  const [keywords, setKeywords] = useState((chunk?.importantKeywords ?? []).join("\n"));
  const [questions, setQuestions] = useState((chunk?.questions ?? []).join("\n"));
  const [available, setAvailable] = useState(chunk?.available ?? true);
  const [errors, setErrors] = useState<Errors>({});

  const done = (message: string) => {
    void queryClient.invalidateQueries(trpc.chunks.list.pathFilter());
    void queryClient.invalidateQueries(trpc.documents.get.queryFilter({ id: documentId }));
    void queryClient.invalidateQueries(trpc.documents.list.pathFilter());
    void queryClient.invalidateQueries(trpc.knowledgeBases.get.pathFilter());
    notifySuccess(message);
    onClose();
  };
  const create = useMutation(
    trpc.chunks.create.mutationOptions({ onSuccess: () => done(t("knowledge.chunks.added")) }),
  );
  const update = useMutation(
    trpc.chunks.update.mutationOptions({ onSuccess: () => done(t("knowledge.chunks.saved")) }),
  );
  const mutation = chunk ? update : create;

  const check = (): Errors => {
    const k = lines(keywords);
    const q = lines(questions);
    return {
      content:
        content.trim() === ""
          ? t("validation.required")
          : content.trim().length > LIMITS.content
            ? t("knowledge.chunks.contentHint", { max: LIMITS.content })
            : undefined,
      keywords:
        k.length > LIMITS.keywords
          ? t("knowledge.chunks.tooMany", { max: LIMITS.keywords })
          : k.some((l) => l.length > LIMITS.keyword)
            ? t("knowledge.chunks.lineTooLong", { max: LIMITS.keyword })
            : undefined,
      questions:
        q.length > LIMITS.questions
          ? t("knowledge.chunks.tooMany", { max: LIMITS.questions })
          : q.some((l) => l.length > LIMITS.question)
            ? t("knowledge.chunks.lineTooLong", { max: LIMITS.question })
            : undefined,
    };
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = check();
    setErrors(found);
    if (found.content || found.keywords || found.questions) return;
    const fields = {
      content: content.trim(),
      importantKeywords: lines(keywords),
      questions: lines(questions),
    };
    if (chunk) {
      update.mutate({
        id: chunk.id,
        ...(fields.content !== chunk.content ? { content: fields.content } : {}),
        importantKeywords: fields.importantKeywords,
        questions: fields.questions,
        ...(available !== chunk.available ? { available } : {}),
      });
    } else {
      create.mutate({ documentId, ...fields });
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={chunk ? t("knowledge.chunks.editTitle") : t("knowledge.chunks.addTitle")}
      size="xl"
      centered
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {chunk ? (
            <Group gap="xs" data-testid="chunk-editor-pages">
              <ChunkPages pages={chunk.pageNumbers} documentName={chunk.documentName} />
              <Badge variant="light" color="gray">
                {t("knowledge.common.tokens", {
                  count: chunk.tokenCount,
                  value: formatNumber(chunk.tokenCount),
                })}
              </Badge>
            </Group>
          ) : null}
          {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
          <Textarea
            label={t("knowledge.chunks.content")}
            description={t("knowledge.chunks.contentHint", { max: LIMITS.content })}
            value={content}
            onChange={(e) => setContent(e.currentTarget.value)}
            error={errors.content}
            autosize
            minRows={6}
            maxRows={18}
            required
            data-autofocus
            data-testid="chunk-content"
          />
          <Textarea
            label={t("knowledge.chunks.keywords")}
            description={t("knowledge.chunks.keywordsHint", { max: LIMITS.keywords })}
            value={keywords}
            onChange={(e) => setKeywords(e.currentTarget.value)}
            error={errors.keywords}
            autosize
            minRows={2}
            maxRows={8}
          />
          <Textarea
            label={t("knowledge.chunks.questions")}
            description={t("knowledge.chunks.questionsHint", { max: LIMITS.questions })}
            value={questions}
            onChange={(e) => setQuestions(e.currentTarget.value)}
            error={errors.questions}
            autosize
            minRows={2}
            maxRows={8}
          />
          {chunk ? (
            <Switch
              label={t("knowledge.chunks.enabledLabel")}
              checked={available}
              onChange={(e) => setAvailable(e.currentTarget.checked)}
            />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("knowledge.common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t("knowledge.common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
