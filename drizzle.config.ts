import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: ["./src/db/schema.ts", "./src/agents/refund-requests/tables.ts", "./src/webhooks/tables.ts"],
  out: "./migrations",
});
