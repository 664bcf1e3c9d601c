// `npm run dev`: migrate and seed the local D1, then start `wrangler dev` on :8787.
// Everything is local: no account, no network.
import { spawnSync, spawn } from "node:child_process";

const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "true" };
const wrangler = (args, opts = {}) => spawnSync("npx", ["wrangler", ...args], { stdio: "inherit", env, ...opts });

for (const args of [
  ["d1", "migrations", "apply", "DB", "--local"],
  ["d1", "execute", "DB", "--local", "--file", "scripts/seed.sql"],
]) {
  const r = wrangler(args);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = process.env.PORT ?? "8787";
const dev = spawn("npx", ["wrangler", "dev", "--port", port, "--ip", "127.0.0.1", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...env, CI: process.env.CI ?? "" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => dev.kill(sig));
dev.on("exit", (code) => process.exit(code ?? 0));
