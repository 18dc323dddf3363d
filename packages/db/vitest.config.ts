import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real databases: PGlite boots a WASM Postgres (~4 s here) and each backend gets a fresh migrated
    // database in beforeAll, so hooks need far more than vitest's 10 s default.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Far from UTC and with a 45-minute offset, so any Date converted through local time while
    // reaching or leaving a database shows up as a changed value in the round-trip tests.
    env: { TZ: "Pacific/Chatham" },
  },
});
