import { Alert, Avatar, Badge, Box, Button, Group, Paper, Stack, Text, Textarea } from "@mantine/core";
import type { RouterOutputs } from "@ragtime/server/router";
import { IconAlertCircle, IconPlayerStopFilled, IconRobot, IconSend } from "@tabler/icons-react";
import { type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorMessage } from "../../lib/errors";
import { ErrorState, LoadingState } from "../knowledge/states";
import { AnswerMarkdown, type Reference } from "./answer-markdown";
import classes from "./chat.module.css";
import { documentPath } from "./citation-badge";
import { MessageFeedback } from "./message-feedback";
import type { CompletionState } from "./use-completion";

type Conversation = RouterOutputs["conversations"]["get"];

/** The question box: Enter sends, Shift+Enter breaks the line; while an answer streams, Stop. */
export function Composer({
  isStreaming,
  isStarting,
  onAsk,
  onStop,
}: {
  isStreaming: boolean;
  isStarting: boolean;
  onAsk: (question: string) => void;
  onStop: () => void;
}) {
  const { t } = useTranslation();
  const [question, setQuestion] = useState("");
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const text = question.trim();
    if (!text || isStreaming || isStarting) return;
    onAsk(text);
    setQuestion("");
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Textarea
          aria-label={t("workspace.chat.question")}
          placeholder={t("workspace.chat.questionPlaceholder")}
          value={question}
          onChange={(e) => setQuestion(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          autosize
          minRows={1}
          maxRows={8}
          maxLength={4000}
          style={{ flex: 1 }}
          data-testid="question"
        />
        {isStreaming ? (
          <Button
            color="red"
            variant="light"
            leftSection={<IconPlayerStopFilled size={16} />}
            onClick={onStop}
          >
            {t("workspace.chat.stop")}
          </Button>
        ) : (
          <Button
            type="submit"
            leftSection={<IconSend size={16} />}
            loading={isStarting}
            disabled={!question.trim()}
          >
            {t("workspace.chat.send")}
          </Button>
        )}
      </Group>
    </form>
  );
}

/** The messages of a conversation, plus the turn in progress (question, streaming answer). */
export function ConversationMessages({
  conversation,
  completion,
}: {
  conversation: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: Conversation | undefined;
    refetch: () => void;
  };
  completion: { state: CompletionState; baseCount: number | undefined };
}) {
  const { t } = useTranslation();
  const bottom = useRef<HTMLDivElement>(null);
  const messages = conversation.data?.messages ?? [];
  const { state, baseCount } = completion;
  // The turn in progress is shown until the stored conversation has it.
  const isPendingShown = state.status !== "idle" && (baseCount === undefined || messages.length <= baseCount);
  const streamedLength = state.status === "streaming" ? state.answer.length : 0;

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [messages.length, streamedLength, isPendingShown]);

  if (conversation.isPending && !isPendingShown) return <LoadingState />;
  if (conversation.isError) return <ErrorState error={conversation.error} onRetry={conversation.refetch} />;
  const firstQuestion = messages.findIndex((m) => m.role === "user");
  return (
    <Stack gap="md" data-testid="messages" aria-live="polite" aria-busy={state.status === "streaming"}>
      {messages.map((message, i) =>
        message.role === "user" ? (
          <QuestionBubble key={message.id} text={message.content} />
        ) : (
          <AnswerBubble key={message.id} content={message.content} reference={message.reference}>
            {/* The opener is a greeting, not an answer: nothing to rate. */}
            {conversation.data && (firstQuestion === -1 ? false : i > firstQuestion) ? (
              <MessageFeedback conversationId={conversation.data.id} message={message} />
            ) : null}
          </AnswerBubble>
        ),
      )}
      {isPendingShown ? <PendingTurn state={state} /> : null}
      {messages.length === 0 && !isPendingShown ? (
        <Text c="dimmed" ta="center" py="xl">
          {t("workspace.chat.askFirst")}
        </Text>
      ) : null}
      <div ref={bottom} />
    </Stack>
  );
}

function PendingTurn({ state }: { state: CompletionState }) {
  const { t } = useTranslation();
  if (state.status === "idle") return null;
  const answer = state.status === "done" ? state.result.answer : state.answer;
  const reference = state.status === "done" ? state.result.reference : undefined;
  return (
    <>
      <QuestionBubble text={state.question} />
      <AnswerBubble content={answer} reference={reference} isStreaming={state.status === "streaming"}>
        {state.status === "streaming" && answer === "" ? (
          <Text size="sm" c="dimmed" role="status">
            {t("workspace.chat.thinking")}
          </Text>
        ) : null}
        {state.status === "stopped" ? (
          <Text size="xs" c="dimmed">
            {t("workspace.chat.stopped")}
          </Text>
        ) : null}
        {state.status === "done" && state.result.isExtractive ? (
          <Text size="xs" c="dimmed">
            {t("workspace.chat.extractive")}
          </Text>
        ) : null}
        {state.status === "error" ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle />} data-testid="error-alert">
            {state.message ?? errorMessage(state.error, t)}
          </Alert>
        ) : null}
      </AnswerBubble>
    </>
  );
}

function QuestionBubble({ text }: { text: string }) {
  return (
    <Group justify="flex-end">
      <Paper
        radius="lg"
        px="md"
        py="xs"
        maw="85%"
        bg="var(--mantine-primary-color-light)"
        data-testid="question-bubble"
      >
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {text}
        </Text>
      </Paper>
    </Group>
  );
}

function AnswerBubble({
  content,
  reference,
  isStreaming = false,
  children,
}: {
  content: string;
  reference: Reference | undefined;
  isStreaming?: boolean;
  children?: ReactNode;
}) {
  return (
    <Group align="flex-start" wrap="nowrap" gap="sm">
      <Avatar radius="xl" color="indigo" size={32} aria-hidden>
        <IconRobot size={18} />
      </Avatar>
      <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
        {content ? (
          <Box className={isStreaming ? classes.cursor : undefined}>
            <AnswerMarkdown content={content} reference={reference} isStreaming={isStreaming} />
          </Box>
        ) : null}
        {reference && reference.docAggs.length > 0 ? <Sources reference={reference} /> : null}
        {children}
      </Stack>
    </Group>
  );
}

/** The documents an answer drew on, each a link to the document. */
function Sources({ reference }: { reference: Reference }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      <Text size="xs" c="dimmed">
        {t("workspace.chat.sources")}
      </Text>
      {reference.docAggs.map((doc) => {
        const chunk = reference.chunks.find((c) => c.documentId === doc.documentId);
        const label = `${doc.documentName} · ${doc.count}`;
        return chunk ? (
          <Badge
            key={doc.documentId}
            variant="outline"
            size="sm"
            component={Link}
            to={documentPath({ kbId: chunk.kbId, documentId: doc.documentId })}
            style={{ cursor: "pointer", textTransform: "none", maxWidth: "100%" }}
          >
            {label}
          </Badge>
        ) : (
          <Badge
            key={doc.documentId}
            variant="outline"
            size="sm"
            color="gray"
            style={{ textTransform: "none" }}
          >
            {label}
          </Badge>
        );
      })}
    </Group>
  );
}
