export { createMemoryLockManager } from "./memory-locks";
export { createRedisLockManager, type RedisLockOptions } from "./redis-locks";
export { LockLostError, LockNotAcquiredError } from "./with-lock";
