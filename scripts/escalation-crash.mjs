// `node scripts/escalation-crash.mjs`: escalations survive kill -9 of the runtime.
//
// Starts its own `wrangler dev` on a copy of the sources (.wrangler/crash-src,
// so edits made meanwhile cannot reload the Worker mid-test) with fresh state
// in .wrangler/crash-state (migrated and seeded), fires a burst of runs that each wait for a person, kills the
// whole wrangler/workerd process group with SIGKILL while the burst is in
// flight, restarts it on the same state, and checks that every accepted run
// that waits for a person has its review item (the object's alarm delivers
// what it owed; the queue's in-memory messages died with the process).
// Exits non-zero on any gap and always stops what it started.
//
// Options: --runs N (default 60)   --keep   leave the state in place
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort, stopProcessGroup, tail } from "./lib/process.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const STATE = path.join(ROOT, ".wrangler/crash-state");
const SNAPSHOT = path.join(ROOT, ".wrangler/crash-src");
const SNAPSHOT_PATHS = ["wrangler.toml", "package.json", "tsconfig.json", "worker-configuration.d.ts", "src", "evals", "migrations", "scripts/seed.sql"];
const LOG = path.join(ROOT, ".wrangler/crash-wrangler.log");
const KEY = "dev-local-key";
const REVIEWER = "dev-reviewer-token";
const argValue = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = argValue("--runs", 60);
const HARD_LIMIT_MS = 6 * 60_000;
// Its own dev registry, so it never meets another `wrangler dev` on the machine.
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "true", WRANGLER_REGISTRY_PATH: path.join(ROOT, ".wrangler/crash-registry") };
const log = (...a) => console.error("[crash]", ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function snapshotSources() {
  fs.rmSync(SNAPSHOT, { recursive: true, force: true });
  for (const rel of SNAPSHOT_PATHS) {
    fs.mkdirSync(path.dirname(path.join(SNAPSHOT, rel)), { recursive: true });
    fs.cpSync(path.join(ROOT, rel), path.join(SNAPSHOT, rel), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(SNAPSHOT, "node_modules"), "dir");
}

function npxWrangler(args) {
  const r = spawnSync("npx", ["wrangler", ...args], { cwd: SNAPSHOT, env, encoding: "utf8" });
  fs.appendFileSync(LOG, `\n$ npx wrangler ${args.join(" ")}\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  if (r.status !== 0) throw new Error(`npx wrangler ${args.join(" ")} failed (exit ${r.status}); see ${LOG}`);
  return r.stdout;
}

const wrangler = { pid: null, port: null, exited: false };

async function start() {
  const port = await freePort();
  const inspectorPort = await freePort();
  const out = fs.openSync(LOG, "a");
  const child = spawn(
    "npx",
    ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), "--persist-to", STATE, "--show-interactive-dev-session=false"],
    { cwd: SNAPSHOT, env, stdio: ["ignore", out, out], detached: true }, // own process group
  );
  fs.closeSync(out);
  Object.assign(wrangler, { pid: child.pid, port, exited: false });
  child.on("exit", () => (wrangler.exited = true));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (wrangler.exited) throw new Error(`wrangler dev exited during startup; see ${LOG}:\n${tail(LOG)}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error(`/healthz did not answer within 120 s; see ${LOG}`);
}

/** kill -9 of the whole group (npx, wrangler, workerd): no shutdown, no flush. */
async function kill9() {
  const pgid = wrangler.pid;
  wrangler.pid = null;
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    return;
  }
  for (let i = 0; i < 50 && !wrangler.exited; i++) await sleep(100);
  await sleep(500);
}

async function stop() {
  const pgid = wrangler.pid;
  wrangler.pid = null;
  if (pgid) await stopProcessGroup(pgid);
}

const api = async (p, { key = KEY, body } = {}) => {
  const res = await fetch(`http://127.0.0.1:${wrangler.port}${p}`, {
    method: body ? "POST" : "GET",
    headers: { Authorization: `Bearer ${key}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
};

async function main() {
  fs.rmSync(STATE, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(LOG), { recursive: true });
  fs.writeFileSync(LOG, `escalation-crash ${new Date().toISOString()}\n`);
  snapshotSources();
  npxWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", STATE]);
  npxWrangler(["d1", "execute", "DB", "--local", "--persist-to", STATE, "--file", "scripts/seed.sql"]);
  await start();
  log(`wrangler dev on 127.0.0.1:${wrangler.port}; bursting ${RUNS} escalating runs`);

  // echo-steps refuses to record "forbidden": every run waits for a person at its first side effect.
  const accepted = [];
  const refused = {};
  let settled = 0;
  const burst = Array.from({ length: RUNS }, (_, i) =>
    sleep(i * 5)
      .then(() => api("/v1/agents/echo-steps/runs", { body: { input: { steps: 3, effectEvery: 1, payload: "forbidden" } } }))
      .then((r) => (r.status === 202 ? accepted.push(r.json.runId) : (refused[r.status] = (refused[r.status] ?? 0) + 1)))
      .catch(() => undefined) // in flight when the runtime died
      .finally(() => settled++),
  );
  while (accepted.length < RUNS / 2 && settled < RUNS) await sleep(5);
  if (Object.keys(refused).length > 0) log("refused before the kill, by status:", JSON.stringify(refused));
  await kill9();
  await Promise.all(burst);
  log(`killed with SIGKILL after ${accepted.length} accepted runs; restarting on the same state`);

  await start();
  const deadline = Date.now() + 90_000; // the lease alarm (15 s) resumes each object, plus retries
  let gaps = [];
  let waiting = 0;
  for (;;) {
    const items = await api("/v1/reviews?status=open&agent=echo-steps&limit=200", { key: REVIEWER });
    const withItem = new Set((items.json?.items ?? []).map((i) => i.runId));
    gaps = [];
    waiting = 0;
    for (const runId of accepted) {
      const run = await api(`/v1/runs/${runId}`);
      if (run.json?.status !== "waiting_for_review") continue;
      waiting++;
      if (!withItem.has(runId)) gaps.push(runId);
    }
    if ((gaps.length === 0 && waiting === accepted.length) || Date.now() > deadline) break;
    await sleep(2_000);
  }
  log(`${accepted.length} accepted, ${waiting} waiting for a person, ${gaps.length} without a review item`);
  if (gaps.length > 0) throw new Error(`${gaps.length} waiting run(s) have no review item, e.g. ${gaps.slice(0, 3).join(", ")}`);
  if (waiting !== accepted.length) throw new Error(`${accepted.length - waiting} accepted run(s) are not waiting for a person after the restart`);
}

const watchdog = setTimeout(() => {
  log(`watchdog: still running after ${HARD_LIMIT_MS / 1000} s, stopping`);
  stop().finally(() => process.exit(2));
}, HARD_LIMIT_MS);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => stop().finally(() => process.exit(130)));

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`[crash] FAILED: ${error instanceof Error ? error.message : String(error)}\n${tail(LOG, 15)}`);
} finally {
  await stop();
  if (!process.argv.includes("--keep")) for (const dir of [STATE, SNAPSHOT]) fs.rmSync(dir, { recursive: true, force: true });
  clearTimeout(watchdog);
}
console.log(failed ? "escalation-crash: 0 passed, 1 failed" : "escalation-crash: 1 passed, 0 failed");
process.exit(failed ? 1 : 0);
