import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real databases: PGlite boots a WASM Postgres (~4 s here) and each backend gets a fresh migrated
    // database in beforeAll, so hooks need far more than vitest's 10 s default.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
