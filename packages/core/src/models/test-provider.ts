import { listProviderModels } from "@ragtime/db";
import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { modelIdOf, type TestProviderResult } from "../schemas/models";
import { fetchProviderModelNames } from "./discover-models";
import { chatModelFor, embedderFor, rerankModelFor } from "./provider-clients";
import { providerOf } from "./provider-rules";

/**
 * Checks a saved provider with the smallest real call (any member may): a 1-token answer from its
 * first chat model, else one embedding, else one rerank, else its model list. A failure is the
 * provider's error (4xx for a bad key, model or URL; 502 when it is down), naming it and why.
 */
export async function testProvider(
  deps: Deps,
  input: { actor: Actor; id: string },
): Promise<TestProviderResult> {
  const row = await providerOf(deps.database, input.actor.tenantId, input.id);
  const models = await listProviderModels(deps.database, [row.id]);
  const started = performance.now();
  const done = (checked: string): TestProviderResult => ({
    ok: true,
    latencyMs: Math.round(performance.now() - started),
    checked,
  });
  // A test must answer quickly: one retry at most, whatever the configuration says.
  const quick = {
    ...deps,
    config: { ...deps.config, MODEL_MAX_RETRIES: Math.min(1, deps.config.MODEL_MAX_RETRIES) },
  };
  const chat = models.find((m) => m.type === "chat");
  if (chat) {
    await chatModelFor(quick, row, chat).complete({
      messages: [{ role: "user", content: "Say OK." }],
      maxTokens: 8,
    });
    return done(`chat ${modelIdOf(chat.name, row.name)}`);
  }
  const embedding = models.find((m) => m.type === "embedding");
  if (embedding) {
    await embedderFor(quick, row, embedding).embed(["connection test"]);
    return done(`embedding ${modelIdOf(embedding.name, row.name)}`);
  }
  const rerank = models.find((m) => m.type === "rerank");
  if (rerank) {
    await rerankModelFor(quick, row, rerank).rerank("connection test", ["connection test"]);
    return done(`rerank ${modelIdOf(rerank.name, row.name)}`);
  }
  const names = await fetchProviderModelNames(quick, row);
  return done(`list models (${names.length})`);
}
