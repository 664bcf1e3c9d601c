import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Setup files run outside per-test storage and may run more than once;
// applyD1Migrations only applies what is missing and the seed is idempotent.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await env.DB.batch(
  env.TEST_SEED_SQL.split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
    .filter(Boolean)
    .map((s) => env.DB.prepare(s)),
);
