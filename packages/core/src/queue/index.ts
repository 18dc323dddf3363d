export { JobCancelledError, LeaseExpiredError, LeaseLostError, WorkerClosingError } from "./abort-reasons";
export { createMemoryQueue, type MemoryQueueOptions } from "./memory-queue";
// The BullMQ queue is imported where it is used (runtime.ts): BullMQ is not loaded without Redis.
export type { RedisQueueOptions } from "./redis-queue";
