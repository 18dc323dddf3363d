import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Integration tests start real servers (s3rver, databases) in hooks: far beyond vitest's 10 s default.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
