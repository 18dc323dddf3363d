import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Parsing the real 10-Q filings takes a few seconds on a busy 2-core machine.
    testTimeout: 30_000,
  },
});
