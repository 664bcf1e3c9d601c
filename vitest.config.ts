import { readFileSync } from "node:fs";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { quietDeliberateCrashes } from "./test/support/crash-noise.ts";

// Tests that crash a Durable Object on purpose make workerd print an
// "uncaught exception ... simulated crash" stack each time; a passing run
// should read as one. Only those lines are dropped (see the module).
quietDeliberateCrashes(process.stdout);
quietDeliberateCrashes(process.stderr);

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Test-only bindings: the migrations to apply, and where the local
          // AI Gateway stand-in listens (started by test/support/global-setup.ts).
          bindings: {
            TEST_MIGRATIONS: migrations,
            TEST_SEED_SQL: readFileSync(path.join(import.meta.dirname, "scripts/seed.sql"), "utf8"),
            GATEWAY_STANDIN_URL: inject<string>("gatewayStandinUrl"),
            ADMIN_TOKEN: "dev-admin-token",
            // Traces go to the stand-in's OTLP receiver; only runs with a sampled traceparent (or a trace option) are traced.
            OTEL_EXPORTER_OTLP_ENDPOINT: `${inject<string>("gatewayStandinUrl")}/__otlp`,
            OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20test-otlp-token,x-scope=tests",
            OTEL_TRACES_SAMPLER_ARG: "0",
          },
        },
      })),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      globalSetup: ["./test/support/global-setup.ts"],
      setupFiles: ["./test/support/apply-migrations.ts"],
      testTimeout: 30_000,
    },
  };
});
