import { createHash } from "node:crypto";
import type { TaskRow } from "@ragtime/db/schema";

/** All tasks of one run share their creation instant: that names the run's staged chunks. */
export function runIdOf(task: Pick<TaskRow, "docId" | "createdAt">): string {
  return createHash("sha256").update(`${task.docId}:${task.createdAt.getTime()}`).digest("hex").slice(0, 32);
}
