import type { RouterInputs } from "@ragtime/server/router";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

type ModelType = NonNullable<RouterInputs["models"]["list"]["type"]>;

/**
 * The models of one type a setting can pick (built-in and configured), as select options
 * (`name@provider`). The current value stays listed even when it is no longer configured, so a
 * form never drops it silently.
 */
export function useModelOptions(type: ModelType, current: string) {
  const trpc = useTRPC();
  const models = useQuery(trpc.models.list.queryOptions({ type }));
  const options = (models.data ?? []).map((m) => ({ value: m.id, label: m.id }));
  if (current && !options.some((o) => o.value === current)) options.push({ value: current, label: current });
  return { options, isPending: models.isPending, error: models.error };
}
