import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "mysql",
  schema: "./src/schema/mysql/index.ts",
  out: "./migrations/mysql",
  casing: "snake_case",
});
