import { EventEmitter, on } from "node:events";
import type { Redis } from "ioredis";

/** What the web app's progress bars need about one document, pushed as it changes. */
export type DocumentProgressEvent = {
  kbId: string;
  documentId: string;
  run: "UNSTART" | "QUEUED" | "RUNNING" | "CANCEL" | "DONE" | "FAIL";
  progress: number;
  progressMsg: string | null;
  chunkCount: number;
};

/**
 * Live document progress, per knowledge base: workers publish, subscriptions (tRPC SSE) listen.
 * In-process by default; over Redis pub/sub when workers run in other processes.
 */
export type ProgressBus = {
  publish(event: DocumentProgressEvent): Promise<void>;
  /** Events of one knowledge base until `signal` aborts. */
  subscribe(kbId: string, signal: AbortSignal): AsyncIterable<DocumentProgressEvent>;
  close(): Promise<void>;
};

const channel = (kbId: string) => `ragtime:progress:${kbId}`;

async function* listen(
  emitter: EventEmitter,
  name: string,
  signal: AbortSignal,
): AsyncGenerator<DocumentProgressEvent> {
  try {
    for await (const [event] of on(emitter, name, { signal })) yield event as DocumentProgressEvent;
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

export function createMemoryProgressBus(): ProgressBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(event) {
      emitter.emit(channel(event.kbId), event);
    },
    subscribe: (kbId, signal) => listen(emitter, channel(kbId), signal),
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/** `publisher` is the shared connection; subscriptions need a connection of their own (Redis rule). */
export function createRedisProgressBus(publisher: Redis): ProgressBus {
  const subscriber = publisher.duplicate();
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const counts = new Map<string, number>();
  subscriber.on("message", (name: string, message: string) => {
    try {
      emitter.emit(name, JSON.parse(message));
    } catch {
      // A malformed message is dropped: progress is also readable from the database.
    }
  });
  return {
    async publish(event) {
      await publisher.publish(channel(event.kbId), JSON.stringify(event));
    },
    subscribe(kbId, signal) {
      const name = channel(kbId);
      const n = counts.get(name) ?? 0;
      counts.set(name, n + 1);
      if (n === 0) void subscriber.subscribe(name);
      signal.addEventListener(
        "abort",
        () => {
          const left = (counts.get(name) ?? 1) - 1;
          counts.set(name, left);
          if (left === 0) void subscriber.unsubscribe(name);
        },
        { once: true },
      );
      return listen(emitter, name, signal);
    },
    async close() {
      emitter.removeAllListeners();
      subscriber.disconnect();
    },
  };
}
