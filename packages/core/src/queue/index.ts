export { JobCancelledError, LeaseExpiredError, LeaseLostError, WorkerClosingError } from "./abort-reasons";
export { createMemoryQueue, type MemoryQueueOptions } from "./memory-queue";
export { createRedisQueue, type RedisQueueOptions } from "./redis-queue";
