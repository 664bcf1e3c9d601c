// `npm run dev`: migrate and seed the local D1, then start `wrangler dev` on
// 127.0.0.1:$PORT (default 8787). Everything is local: no account, no network.
// Extra arguments go to `wrangler dev`; `--persist-to <dir>` is used for the
// migrations and seed too.
//
// Stopping: Ctrl-C, SIGTERM or SIGHUP (a supervisor, an IDE, CI), or the
// parent going away (npm exits on SIGTERM without waiting for us) stops every
// process this script started (npx, wrangler, workerd, esbuild), then exits.
import { spawnSync, spawn } from "node:child_process";
import { stopProcessTree } from "./lib/process.mjs";

const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "true" };
const wrangler = (args, opts = {}) => spawnSync("npx", ["wrangler", ...args], { stdio: "inherit", env, ...opts });

const extra = process.argv.slice(2);
const persistAt = extra.indexOf("--persist-to");
const persist = persistAt >= 0 && extra[persistAt + 1] ? ["--persist-to", extra[persistAt + 1]] : [];

for (const args of [
  ["d1", "migrations", "apply", "DB", "--local", ...persist],
  ["d1", "execute", "DB", "--local", ...persist, "--file", "scripts/seed.sql"],
]) {
  const r = wrangler(args);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = process.env.PORT ?? "8787";
const dev = spawn("npx", ["wrangler", "dev", "--port", port, "--ip", "127.0.0.1", "--var", `ADMIN_TOKEN:${process.env.ADMIN_TOKEN || "dev-admin-token"}`, ...extra], {
  stdio: "inherit",
  env: { ...env, CI: process.env.CI ?? "" },
});

let stopping = null;
function shutdown(code) {
  stopping ??= stopProcessTree(dev.pid).finally(() => process.exit(code));
  return stopping;
}
for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]]) process.on(sig, () => shutdown(code));
dev.on("exit", (code) => (stopping ? undefined : shutdown(code ?? 0)));

// Re-parented: whoever started us is gone, and so must we be.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) shutdown(143);
}, 500).unref();
