import { ActionIcon, Button, Group, Popover, Stack, Text, Textarea, Tooltip } from "@mantine/core";
import type { RouterOutputs } from "@ragtime/server/router";
import { IconThumbDown, IconThumbDownFilled, IconThumbUp, IconThumbUpFilled } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { ErrorAlert } from "../error-alert";

type Message = RouterOutputs["conversations"]["get"]["messages"][number];
type Thumb = "up" | "down";

/** Thumbs up or down on an answer, each with an optional word on what was good or wrong. */
export function MessageFeedback({ conversationId, message }: { conversationId: string; message: Message }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Thumb | undefined>();
  const [text, setText] = useState("");
  const send = useMutation(
    trpc.conversations.feedback.mutationOptions({
      onSuccess: (conversation) => {
        queryClient.setQueryData(trpc.conversations.get.queryKey({ id: conversationId }), conversation);
        setOpen(undefined);
        setText("");
      },
    }),
  );
  const current = message.feedback?.thumb;

  const button = (thumb: Thumb) => {
    const isOn = current === thumb;
    const Icon =
      thumb === "up" ? (isOn ? IconThumbUpFilled : IconThumbUp) : isOn ? IconThumbDownFilled : IconThumbDown;
    const label = thumb === "up" ? t("workspace.chat.thumbUp") : t("workspace.chat.thumbDown");
    return (
      <Popover
        opened={open === thumb}
        onChange={(opened) => {
          if (!opened) setOpen(undefined);
        }}
        width={300}
        position="bottom-start"
        withArrow
        trapFocus
        returnFocus
        shadow="md"
      >
        <Popover.Target>
          <Tooltip label={label} withinPortal>
            <ActionIcon
              variant={isOn ? "light" : "subtle"}
              color={thumb === "up" ? "teal" : "red"}
              aria-label={label}
              aria-pressed={isOn}
              onClick={() => {
                send.reset();
                setText(current === thumb ? (message.feedback?.text ?? "") : "");
                setOpen(open === thumb ? undefined : thumb);
              }}
              data-testid={`thumb-${thumb}`}
            >
              <Icon size={16} />
            </ActionIcon>
          </Tooltip>
        </Popover.Target>
        <Popover.Dropdown maw="calc(100vw - 24px)">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              send.mutate({
                conversationId,
                messageId: message.id,
                thumb,
                ...(text.trim() ? { text: text.trim() } : {}),
              });
            }}
          >
            <Stack gap="xs">
              {send.error ? <ErrorAlert error={send.error} /> : null}
              <Textarea
                label={thumb === "up" ? t("workspace.chat.feedbackGood") : t("workspace.chat.feedbackWrong")}
                description={t("workspace.chat.feedbackOptional")}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                maxLength={2000}
                autosize
                minRows={2}
                maxRows={6}
                data-autofocus
              />
              <Group justify="flex-end" gap="xs">
                <Button variant="default" size="xs" onClick={() => setOpen(undefined)}>
                  {t("workspace.common.cancel")}
                </Button>
                <Button type="submit" size="xs" loading={send.isPending}>
                  {t("workspace.chat.feedbackSend")}
                </Button>
              </Group>
            </Stack>
          </form>
        </Popover.Dropdown>
      </Popover>
    );
  };

  return (
    <Group gap={4} wrap="nowrap">
      {button("up")}
      {button("down")}
      {message.feedback ? (
        <Text size="xs" c="dimmed" aria-live="polite">
          {t("workspace.chat.feedbackThanks")}
        </Text>
      ) : null}
    </Group>
  );
}
