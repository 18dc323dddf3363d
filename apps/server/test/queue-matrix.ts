import { testBackends } from "../src/testing";

/**
 * Every test database, with the in-process queue and with BullMQ on Redis. CI sets TEST_REDIS_URL
 * and must run both: a missing Redis fails the file rather than silently skipping half of it.
 */
export function queueMatrix() {
  const redisUrl = process.env.TEST_REDIS_URL;
  if ((process.env.CI === "true" || process.env.CI === "1") && !redisUrl)
    throw new Error("CI requires TEST_REDIS_URL");
  return testBackends().flatMap((backend) => [
    { backend, dialect: backend.dialect, queue: "in-process", redisUrl: undefined },
    ...(redisUrl ? [{ backend, dialect: backend.dialect, queue: "redis", redisUrl }] : []),
  ]);
}
