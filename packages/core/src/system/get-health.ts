import { pingDatabase } from "@ragtime/db";
import type { Deps } from "../deps";

export type Health = {
  status: "ok" | "degraded";
  database: "ok" | "unreachable";
  redis?: "ok" | "unreachable";
};

const probe = async (check: () => Promise<unknown>): Promise<"ok" | "unreachable"> => {
  try {
    await check();
    return "ok";
  } catch {
    return "unreachable";
  }
};

/** Liveness of what this process depends on; no secrets, no versions (it is public). */
export async function getHealth(deps: Deps): Promise<Health> {
  const database = await probe(() => pingDatabase(deps.database));
  const client = deps.redis;
  const redis = client ? await probe(() => client.ping()) : undefined;
  const isHealthy = database === "ok" && redis !== "unreachable";
  return { status: isHealthy ? "ok" : "degraded", database, ...(redis ? { redis } : {}) };
}
