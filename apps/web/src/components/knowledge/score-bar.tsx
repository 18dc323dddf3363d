import { Group, Progress, Text } from "@mantine/core";
import { formatScore } from "./format";

/** One score in [0, 1] as a labelled bar and its value. */
export function ScoreBar({ label, value, color }: { label: string; value: number; color: string }) {
  const shown = formatScore(value);
  return (
    <Group gap={8} wrap="nowrap" data-testid="score">
      <Text size="xs" c="dimmed" w={80} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Progress
        value={Math.max(0, Math.min(1, value)) * 100}
        color={color}
        size="sm"
        radius="xl"
        style={{ flex: 1, minWidth: 48 }}
        aria-label={`${label}: ${shown}`}
      />
      <Text size="xs" ff="monospace" w={44} ta="right" style={{ flexShrink: 0 }}>
        {shown}
      </Text>
    </Group>
  );
}
