import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts", "src/**/*.test.ts"],
    // Builds dist once, before any test file starts its server.
    globalSetup: ["e2e/global-setup.ts"],
    // Each e2e file runs its own server and browser; they mostly wait on each other, so two files
    // side by side finish sooner even on a 2-core machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
