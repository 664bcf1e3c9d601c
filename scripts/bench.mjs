// `npm run bench [-- --quick]` (or `npm run -s bench -- --json > bench.json`): figures for the run engine, measured
// against a bare Durable Object doing the same work, on this machine.
//
// Self-contained and local: starts its own `wrangler dev` (bench-only Worker in
// scripts/bench/, fresh state in .wrangler/bench-state), migrates and seeds D1,
// measures over loopback, prints a report and stops wrangler. Not a test: it
// asserts nothing and prints numbers (targets are shown, never enforced).
//
// Sections: 1-2 throughput, 3 per-step cost, 4 unloaded end-to-end latency, 5 storage growth,
//           6 rate limiter (overhead per admission, accuracy under a burst), 7 time from a quality
//           drop to an open breaker (degraded-model drill), 8 expense agent latency (10-item reports).
//           9 tool loop (per-turn cost beside bare committed steps, a 10-turn loop end to end vs a static plan).
//           10 refund agent latency (refund-requests on its embedded tool-calling model, request -> resting state).
//           11 tracing overhead. 12 breakdown: where a run's milliseconds go (ablations of the bare DO, scripts/bench/breakdown.mjs).
//           13 (only with --profile or --only 13): a V8 CPU profile of the isolate through the inspector (scripts/bench/profile.mjs).
//           Sections 6-8 and 10 print PASS/FAIL where the brief states a bound; they still never fail the process.
//
// Options: --json            machine-readable output on stdout (progress on stderr); the headline ratios
//                            are in `engine` (throughputRatioHttp, throughputRatioRpc, cpuPerRunRatio,
//                            perStepRatio), `toolLoop` (perTurnRatio, ...) and `refund` (p95SequentialMs,
//                            p95Concurrency4Ms) and `breakdown` (section 12: `ms` per ingredient, `engine`); null when not measured
//          --only LIST       run only these sections, e.g. `--only 6,7,8`, `--only 1-2,4`, `--only 9`
//          --sections LIST   the same as --only
//          --quick           fewer samples (a smoke run, ~1 minute)
//          --runs N          runs per throughput line (default 1000)
//          --concurrency C   concurrent clients for throughput (default 32)
//          --rounds R        throughput lines are measured in R interleaved blocks (default 4)
//          --profile         add section 13 (BENCH_PROFILE_DUMP=/tmp/p also writes each line's .cpuprofile)
//          --dev-observability  keep wrangler's local trace collector and explorer on (its
//                            default); off otherwise, as they are dev tools absent in production
//
// The Worker is bundled once at the start (`wrangler deploy --dry-run`) and served
// with `wrangler dev --no-bundle`, so edits to src/ during the bench neither
// reload the Worker mid-measurement nor mix two versions of the code.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, stopProcessGroup, tail } from "./lib/process.mjs";
import { performance } from "node:perf_hooks";
import { reportTracing, startOtlpSink, tracingPhase, tracingVars } from "./bench/tracing.mjs";
import { breakdownPhase, reportBreakdown } from "./bench/breakdown.mjs";
import { profilePhase, reportProfile } from "./bench/profile.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const CONFIG = path.join(ROOT, "scripts/bench/wrangler.toml");
const STATE = path.join(ROOT, ".wrangler/bench-state");
const BUILD = path.join(ROOT, ".wrangler/bench-build");
const REGISTRY = path.join(ROOT, ".wrangler/bench-registry");
const LOG = path.join(ROOT, ".wrangler/bench-wrangler.log");
const API_KEY = "dev-local-key";
/**
 * Watchdog: never leave wrangler running. Sized by the sections asked for (a loaded
 * 2-core machine ran all twelve in over 9 minutes), so it catches a hang, not a slow run.
 */
const hardLimitMs = (sections) => (4 + 2 * sections) * 60_000;

// ---- options ------------------------------------------------------------------

const ALL_SECTIONS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
// Section 13 (the CPU profile) slows what it samples, so it runs only when asked for.
const DEFAULT_SECTIONS = ALL_SECTIONS.filter((n) => n !== 13);

/** "6,7,8" or "1-2,6" -> a set of section numbers. */
function parseSections(text) {
  if (!text || text.startsWith("--")) throw new Error("--only needs a section list, e.g. --only 6,7,8 or --only 1-5 or --only 9");
  const out = new Set();
  for (const part of text.split(",").map((x) => x.trim()).filter(Boolean)) {
    const m = part.match(/^(\d+)(?:-(\d+))?$/);
    const from = Number(m?.[1]);
    const to = Number(m?.[2] ?? m?.[1]);
    if (!m || from > to || !ALL_SECTIONS.includes(from) || !ALL_SECTIONS.includes(to)) throw new Error(`--only: "${part}" is not a section or range of sections 1..${ALL_SECTIONS.length}`);
    for (let x = from; x <= to; x++) out.add(x);
  }
  return out;
}

function parseArgs(argv) {
  const opts = { json: false, quick: false, runs: null, concurrency: 32, rounds: 4, devObservability: false, only: null, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      return v;
    };
    if (a === "--json") opts.json = true;
    else if (a === "--quick") opts.quick = true;
    else if (a === "--runs") opts.runs = num();
    else if (a === "--concurrency") opts.concurrency = num();
    else if (a === "--rounds") opts.rounds = num();
    else if (a === "--dev-observability") opts.devObservability = true;
    else if (a === "--profile") opts.profile = true;
    else if (a === "--only" || a === "--sections") opts.only = parseSections(argv[++i]);
    else if (a === "--help" || a === "-h") {
      console.log("usage: npm run bench [-- --json] [--only 6,7,8 | --sections 9] [--quick] [--profile] [--runs N] [--concurrency C] [--rounds R] [--dev-observability]");
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  const q = opts.quick;
  return {
    ...opts,
    runs: opts.runs ?? (q ? 200 : 1000),
    warmup: q ? 20 : 50,
    // Time caps keep the whole bench under ~5 minutes when other processes load
    // the machine; a capped line reports how many runs it actually made.
    blockBudgetMs: q ? 5_000 : 10_000,
    e2eBudgetMs: q ? 10_000 : 40_000,
    longRuns: q ? 2 : 5,
    longSteps: 1000,
    e2eRuns: q ? 50 : 200,
    growthSteps: [10, 100, 500, 1000],
    growthRepeats: q ? 1 : 3,
    sections: new Set([...(opts.only ?? DEFAULT_SECTIONS), ...(opts.profile ? [13] : [])]),
    profileRuns: q ? 150 : 400,
    // 6. rate limiter
    guardCalls: q ? 200 : 1000, // admits (and as many pings) timed inside the Worker
    guardBlock: 20,
    burstAdmits: 500, // concurrent admits at a guard allowing burstRps new runs per second
    burstRps: 50,
    burstJitterMs: 20, // the same burst with callers' clocks up to this far apart
    httpBurst: 200, // concurrent POSTs to rate-bench (20 new runs per second)
    httpBurstRps: 20, // must match rate-bench in scripts/bench/worker.ts
    // 7. breaker drill
    drillConcurrency: 8,
    drillMaxRuns: 80, // per pass; the breaker needs 10 judged runs (minJudged) to open
    drillBudgetMs: q ? 30_000 : 45_000,
    // 8. expense agent latency
    expenseRuns: q ? 30 : 100, // per line (sequential, and at expenseConcurrency)
    expenseConcurrency: 4,
    expenseWarmup: q ? 3 : 5,
    expenseBudgetMs: q ? 20_000 : 50_000, // per line
    expenseTargetMs: 1_000,
    // 9. tool loop
    loopTurns: [10, 40], // per-turn lines (the first is the headline)
    loopReps: q ? 10 : 30, // loop runs (and as many bare-DO calls) per line, sequential
    loopE2eTurns: 10,
    loopE2eRuns: q ? 20 : 60, // per line (loop over HTTP, static plan over HTTP), taking turns
    loopBudgetMs: q ? 15_000 : 40_000, // per part
    loopGoal: 2, // per turn, engine vs bare DO (same committed steps)
    // 10. refund agent latency
    refundRuns: q ? 20 : 60, // per line (sequential, and at refundConcurrency)
    refundConcurrency: 4,
    refundWarmup: 5,
    refundBudgetMs: q ? 20_000 : 60_000, // per line
    refundTargetMs: 2_000,
  };
}

const opts = parseArgs(process.argv.slice(2));
const log = (...a) => console.error("[bench]", ...a);

// ---- small helpers --------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
const mean = (v) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : null);
const dist = (v) => ({ n: v.length, mean: mean(v), p50: percentile(v, 50), p95: percentile(v, 95), p99: percentile(v, 99), max: v.length ? Math.max(...v) : null });

function fmt(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return "n/a";
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
const fmtMs = (x, d = 1) => `${fmt(x, d)} ms`;
const mib = (kb) => (kb === null ? "n/a" : `${fmt(kb / 1024, 0)} MiB`);
const ratio = (a, b) => (a === null || b === null || b === 0 ? null : a / b);


function linearFit(xs, ys) {
  const n = xs.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: sxx === 0 || syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

// ---- /proc: processes, memory, CPU -------------------------------------------------

const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

function procStat(pid) {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    // rest[0] is field 3 (state): ppid = field 4, pgrp = 5, utime = 14, stime = 15
    return { ppid: Number(rest[1]), pgrp: Number(rest[2]), cpuMs: ((Number(rest[11]) + Number(rest[12])) * 1000) / CLK_TCK };
  } catch {
    return null;
  }
}

function allPids() {
  return fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
}

function descendants(root) {
  const children = new Map();
  for (const pid of allPids()) {
    const st = procStat(pid);
    if (!st) continue;
    if (!children.has(st.ppid)) children.set(st.ppid, []);
    children.get(st.ppid).push(pid);
  }
  const out = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift();
    for (const c of children.get(p) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

function readStatus(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k) => Number(text.match(new RegExp(`^${k}:\\s+(\\d+) kB`, "m"))?.[1] ?? NaN);
    return { rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
  } catch {
    return null;
  }
}

const cmdline = (pid) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
};

/** The processes wrangler started, by role: the workerd serving our Worker, wrangler's proxy workerd, node. */
function wranglerProcesses(rootPid, port) {
  const roles = { runtime: [], proxy: [], node: [], other: [] };
  for (const pid of [rootPid, ...descendants(rootPid)]) {
    const args = cmdline(pid);
    const exe = path.basename(args[0] ?? "");
    if (exe === "workerd") {
      // wrangler runs two workerd: a proxy listening on our port, and the runtime hosting the Worker and its objects.
      if (args.some((a) => a === `--socket-addr=entry=127.0.0.1:${port}`)) roles.proxy.push(pid);
      else roles.runtime.push(pid);
    } else if (exe === "node" || exe.startsWith("node")) roles.node.push(pid);
    else roles.other.push(pid);
  }
  return roles;
}

function memorySnapshot(label) {
  const roles = wranglerProcesses(wrangler.pid, wrangler.port);
  const sum = (pids, key) => pids.reduce((s, p) => s + (readStatus(p)?.[key] ?? 0), 0);
  return {
    label,
    runtimeRssKb: sum(roles.runtime, "rssKb"),
    runtimeHwmKb: sum(roles.runtime, "hwmKb"),
    proxyRssKb: sum(roles.proxy, "rssKb"),
    nodeRssKb: sum(roles.node, "rssKb"),
    pids: { runtime: roles.runtime, proxy: roles.proxy },
  };
}

/** Busy CPU time of the whole machine (all cores), from /proc/stat. */
function machineBusyMs() {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return ((user + nice + system + irq + softirq + (steal ?? 0)) * 1000) / CLK_TCK;
}

/** CPU time so far, per role and per pid (so a process that restarts is not counted negative). */
function cpuSnapshot() {
  const roles = wranglerProcesses(wrangler.pid, wrangler.port);
  const per = (pids) => Object.fromEntries(pids.map((p) => [p, procStat(p)?.cpuMs ?? 0]));
  const client = process.cpuUsage();
  return {
    at: performance.now(),
    machine: machineBusyMs(),
    client: (client.user + client.system) / 1000,
    runtime: per(roles.runtime),
    proxy: per(roles.proxy),
    wranglerNode: per([...roles.node, ...roles.other]),
  };
}

/** CPU ms used between two snapshots, per role, and by everything else on the machine. */
function cpuDelta(a, b) {
  const d = (k) => Object.entries(b[k]).reduce((s, [pid, ms]) => s + ms - (a[k][pid] ?? 0), 0);
  const out = { runtime: d("runtime"), proxy: d("proxy"), wranglerNode: d("wranglerNode"), client: b.client - a.client };
  const ours = out.runtime + out.proxy + out.wranglerNode + out.client;
  out.others = Math.max(0, b.machine - a.machine - ours);
  out.wallMs = b.at - a.at;
  return out;
}

// ---- wrangler lifecycle ----------------------------------------------------------------

const baseEnv = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  // wrangler 4's local dev attaches a trace collector (a tail worker storing every
  // span in SQLite) and an explorer to the Worker by default. Production has
  // neither in the Worker's process, and the collector taxes each storage
  // operation, so it is off unless --dev-observability.
  ...(opts.devObservability ? {} : { X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false" }),
  // A private dev registry: another `wrangler dev` starting or stopping on this
  // machine would otherwise make ours reload its runtime mid-measurement.
  WRANGLER_REGISTRY_PATH: REGISTRY,
  // No reload if a config file is touched while the bench runs.
  WRANGLER_CI_DISABLE_CONFIG_WATCHING: "true",
};
const wrangler = { child: null, pid: null, port: null, inspectorPort: null, bundle: null, exited: false, stopping: null };

function npxWrangler(args) {
  const r = spawnSync("npx", ["wrangler", ...args], { cwd: ROOT, env: { ...baseEnv, CI: "true" }, encoding: "utf8" });
  fs.appendFileSync(LOG, `\n$ npx wrangler ${args.join(" ")}\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  if (r.status !== 0) throw new Error(`npx wrangler ${args.join(" ")} failed (exit ${r.status}); see ${LOG}`);
}

/**
 * The bench config copies the root wrangler.toml's default environment by hand.
 * Returns what the root's default environment has that the bench config lacks
 * (bindings, classes, queues, rules, compatibility settings), so drift is shown.
 */
function configDrift() {
  const root = fs.readFileSync(path.join(ROOT, "wrangler.toml"), "utf8").split(/^\[env\./m)[0];
  const bench = fs.readFileSync(CONFIG, "utf8");
  const strip = (text) => text.split("\n").map((l) => l.replace(/#.*$/, "").trim()).filter(Boolean);
  const benchLines = new Set(strip(bench));
  const missing = [];
  let table = "";
  for (const line of strip(root)) {
    if (line.startsWith("[")) {
      table = line;
      continue;
    }
    if (table === "" && /^(name|main)\s*=/.test(line)) continue; // the bench Worker has its own
    if (/^(new_sqlite_classes|migrations_dir)\s*=/.test(line)) {
      // compared by class name / existence: the bench lists its own class too and points at ../../migrations
      for (const cls of line.match(/"[^"]+"/g) ?? []) if (/new_sqlite/.test(line) && !bench.includes(cls)) missing.push(`${table} ${cls}`);
      continue;
    }
    if (!benchLines.has(line)) missing.push(`${table} ${line}`.trim());
  }
  return missing;
}

/** Section 11's OTLP sink; the Worker always points at it (untraced runs never send to it). */
const otlpSink = await startOtlpSink();

async function startWrangler() {
  fs.rmSync(STATE, { recursive: true, force: true });
  fs.rmSync(REGISTRY, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(LOG), { recursive: true });
  fs.writeFileSync(LOG, `bench ${new Date().toISOString()}\n`);
  const common = ["--local", "--persist-to", STATE, "-c", CONFIG];
  log("applying D1 migrations and seed to", path.relative(ROOT, STATE));
  npxWrangler(["d1", "migrations", "apply", "DB", ...common]);
  npxWrangler(["d1", "execute", "DB", ...common, "--file", "scripts/seed.sql"]);
  log("bundling the bench Worker once (wrangler deploy --dry-run) into", path.relative(ROOT, BUILD));
  fs.rmSync(BUILD, { recursive: true, force: true });
  npxWrangler(["deploy", "--dry-run", "--outdir", BUILD, "-c", CONFIG]);
  const entry = path.join(BUILD, "worker.js");
  if (!fs.existsSync(entry)) throw new Error(`the bundle ${entry} was not produced; see ${LOG}`);

  const port = await freePort();
  const inspectorPort = await freePort();
  const out = fs.openSync(LOG, "a");
  const child = spawn(
    "npx",
    ["wrangler", "dev", entry, "--no-bundle", "-c", CONFIG, "--persist-to", STATE, "--ip", "127.0.0.1", "--port", String(port),
      "--inspector-port", String(inspectorPort), "--show-interactive-dev-session=false", ...tracingVars(otlpSink)],
    { cwd: ROOT, env: baseEnv, stdio: ["ignore", out, out], detached: true }, // own process group
  );
  fs.closeSync(out);
  Object.assign(wrangler, { child, pid: child.pid, port, inspectorPort, bundle: entry });
  child.on("exit", () => (wrangler.exited = true));
  log(`wrangler dev (pid ${child.pid}) on 127.0.0.1:${port}, log ${path.relative(ROOT, LOG)}`);

  const started = performance.now();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (wrangler.exited) throw new Error(`wrangler dev exited during startup; see ${LOG}:\n${tail(LOG)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return performance.now() - started;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error(`/healthz did not answer within 120 s; see ${LOG}:\n${tail(LOG)}`);
}

/** SIGTERM the whole process group (npx, wrangler, workerd, esbuild), then SIGKILL what is left. */
function stopWrangler() {
  if (!wrangler.pid) return Promise.resolve();
  wrangler.stopping ??= stopProcessGroup(wrangler.pid);
  return wrangler.stopping;
}

// ---- HTTP -----------------------------------------------------------------------------

const url = (p) => `http://127.0.0.1:${wrangler.port}${p}`;

/** Never throws: a network failure or timeout comes back as status 0, counted as an error by the caller. */
async function request(method, p, body, headers = {}) {
  let res;
  let text;
  try {
    res = await fetch(url(p), {
      method,
      headers: { Authorization: `Bearer ${API_KEY}`, ...(body ? { "Content-Type": "application/json" } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    text = await res.text();
  } catch (e) {
    const cause = e?.cause?.code ?? e?.cause?.message ?? "";
    return { status: 0, json: null, text: `${e?.name ?? "Error"}: ${e?.message ?? e}${cause ? ` (${cause})` : ""}` };
  }
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text };
}

const describeHttpError = (r) =>
  r.status === 0 ? `no response: ${r.text.slice(0, 160)}` : `HTTP ${r.status} ${r.json?.error?.code ?? ""} ${(r.json?.error?.message ?? r.text).slice(0, 160)}`.trim();

/** One engine run, waited for. ok = 200 and status "completed". */
async function engineRun(input) {
  const r = await request("POST", "/v1/agents/echo-steps/runs", { input }, { Prefer: "wait=30" });
  if (r.status !== 200 && r.status !== 202) return { ok: false, error: describeHttpError(r) };
  const run = r.json;
  if (r.status === 202) return { ok: false, runId: run?.runId, error: `not rested within Prefer: wait=30 (202, status ${run?.status})` };
  if (run?.status !== "completed") {
    return { ok: false, runId: run?.runId, error: `run ${run?.status}: ${run?.stopReason ?? ""} ${run?.error?.code ?? ""} ${run?.error?.message ?? ""}`.trim() };
  }
  if (run.usage?.steps !== input.steps) return { ok: false, runId: run.runId, error: `run completed with ${run.usage?.steps} steps, expected ${input.steps}` };
  const effects = input.effectEvery > 0 ? Math.floor(input.steps / input.effectEvery) : 0;
  if (run.usage?.toolCalls !== effects) return { ok: false, runId: run.runId, error: `run completed with ${run.usage?.toolCalls} tool calls, expected ${effects}` };
  return { ok: true, runId: run.runId, wallMs: run.usage.wallMs, steps: run.usage.steps };
}

/** An echo-steps run submitted straight to its object over RPC (no HTTP API layer). */
async function directRun(steps, effectEvery) {
  const r = await request("POST", `/bench/engine-direct?steps=${steps}&effectEvery=${effectEvery}`);
  if (r.status !== 200) return { ok: false, error: describeHttpError(r) };
  if (r.json?.status !== "completed") return { ok: false, runId: r.json?.runId, error: `run ${r.json?.status} (rested ${r.json?.rested})` };
  return { ok: true, runId: r.json.runId, wallMs: r.json.usage.wallMs, steps: r.json.usage.steps };
}

/** One bare-DO call. */
async function baselineCall(steps) {
  const r = await request("POST", `/bench/baseline?steps=${steps}`);
  if (r.status !== 200) return { ok: false, error: describeHttpError(r) };
  if (r.json?.steps !== steps) return { ok: false, error: `baseline answered ${r.text.slice(0, 120)}` };
  return { ok: true, wallMs: r.json.doMs, workerMs: r.json.workerMs, storageBytes: r.json.storageBytes };
}

/** Runs `total` tasks with `concurrency` clients; latency is the client's view of each task. */
async function pool(total, concurrency, task, budgetMs = Infinity) {
  let next = 0;
  const samples = [];
  const started = performance.now();
  async function client() {
    for (;;) {
      if (performance.now() - started > budgetMs) return; // time cap: stop issuing, let in-flight ones finish
      const i = next++;
      if (i >= total) return;
      const t0 = performance.now();
      let r;
      try {
        r = await task(i);
      } catch (e) {
        r = { ok: false, error: `${e?.name ?? "Error"}: ${e?.message ?? e}` };
      }
      samples[i] = { ...r, ms: performance.now() - t0 };
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, client));
  return { wallMs: performance.now() - started, samples: samples.filter(Boolean), planned: total };
}

// ---- error bookkeeping ------------------------------------------------------------------

const errors = []; // { phase, error }
function noteErrors(phase, samples) {
  for (const s of samples) if (!s.ok) errors.push({ phase, error: s.error, runId: s.runId ?? null });
}
function errorSummary() {
  const groups = new Map();
  for (const e of errors) {
    const k = `${e.phase}\u0000${e.error}`;
    const g = groups.get(k) ?? { phase: e.phase, error: e.error, count: 0, exampleRunId: e.runId };
    g.count++;
    groups.set(k, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

// ---- measurements ---------------------------------------------------------------------

function summarizeBlocks(name, blocks, concurrency) {
  const samples = blocks.flatMap((b) => b.samples);
  const ok = samples.filter((s) => s.ok);
  const wallMs = blocks.reduce((s, b) => s + b.wallMs, 0);
  const cpu = { runtime: 0, proxy: 0, wranglerNode: 0, client: 0, others: 0, wallMs: 0 };
  for (const b of blocks) for (const k of Object.keys(cpu)) cpu[k] += b.cpu[k];
  const perRun = (ms) => (ok.length ? ms / ok.length : null);
  return {
    name,
    concurrency,
    planned: blocks.reduce((s, b) => s + b.planned, 0),
    attempted: samples.length,
    completed: ok.length,
    failed: samples.length - ok.length,
    wallS: wallMs / 1000,
    runsPerS: ok.length / (wallMs / 1000),
    blockRunsPerS: blocks.map((b) => b.samples.filter((s) => s.ok).length / (b.wallMs / 1000)),
    latencyMs: dist(ok.map((s) => s.ms)),
    serverWallMs: dist(ok.map((s) => s.wallMs)),
    cpuMsPerRun: { runtime: perRun(cpu.runtime), proxy: perRun(cpu.proxy), wranglerNode: perRun(cpu.wranglerNode), client: perRun(cpu.client) },
    /** Cores busy on average: the runtime workerd, and processes that are not part of this bench. */
    runtimeCores: cpu.runtime / cpu.wallMs,
    otherProcessesCores: cpu.others / cpu.wallMs,
  };
}

async function measuredBlock(n, concurrency, task, budgetMs) {
  const c0 = cpuSnapshot();
  const r = await pool(n, concurrency, task, budgetMs);
  r.cpu = cpuDelta(c0, cpuSnapshot());
  return r;
}

async function throughputPhase() {
  const { runs, concurrency, rounds, warmup } = opts;
  const lines = {
    baseline: { label: "bare DO baseline, 5 committed steps", task: () => baselineCall(5), blocks: [] },
    direct: { label: "engine over RPC, no HTTP API layer, 5 steps, effectEvery=0", task: () => directRun(5, 0), blocks: [] },
    engine0: { label: "engine echo-steps, 5 steps, effectEvery=0", task: () => engineRun({ steps: 5, effectEvery: 0 }), blocks: [] },
    engine2: { label: "engine echo-steps, 5 steps, effectEvery=2 (2 D1 side effects)", task: () => engineRun({ steps: 5, effectEvery: 2 }), blocks: [] },
    // The same engine with its log lines off: under wrangler dev each line crosses the DevTools
    // protocol to the inspector proxy and wrangler's terminal, which production does not have.
    engineQuiet: {
      label: "engine echo-steps, 5 steps, effectEvery=0, log lines off (LOG_LEVEL=off)",
      task: () => engineRun({ steps: 5, effectEvery: 0 }),
      blocks: [],
      before: () => request("POST", "/bench/log-level?level=off"),
      after: () => request("POST", "/bench/log-level?level=env"),
    },
  };
  log(`warm-up: ${warmup} runs of each line, concurrency ${concurrency}`);
  for (const [key, line] of Object.entries(lines)) {
    await line.before?.();
    noteErrors(`warm-up ${key}`, (await pool(warmup, concurrency, line.task)).samples);
    await line.after?.();
  }
  await sleep(500);

  // Interleaved blocks (A B C, then C B A, ...) so drift (GC, live objects piling up) hits every line alike.
  const order = Object.keys(lines);
  const perBlock = Math.ceil(runs / rounds);
  for (let r = 0; r < rounds; r++) {
    const seq = r % 2 === 0 ? order : [...order].reverse();
    for (const key of seq) {
      const n = Math.min(perBlock, runs - r * perBlock);
      if (n <= 0) continue;
      log(`throughput round ${r + 1}/${rounds}: ${n} x ${lines[key].label}, concurrency ${concurrency}`);
      await lines[key].before?.();
      const block = await measuredBlock(n, concurrency, lines[key].task, opts.blockBudgetMs);
      await lines[key].after?.();
      noteErrors(`throughput ${key}`, block.samples);
      lines[key].blocks.push(block);
      await sleep(300); // let the outbox flushes of the previous block drain
    }
  }
  const out = {};
  for (const [key, line] of Object.entries(lines)) out[key] = summarizeBlocks(line.label, line.blocks, concurrency);
  return out;
}

function stepIntervals(steps) {
  const t = steps.map((s) => ({ start: Date.parse(s.startedAt), end: s.finishedAt ? Date.parse(s.finishedAt) : null }));
  const cycle = [];
  const inStep = [];
  const between = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i].end !== null) inStep.push(t[i].end - t[i].start);
    if (i > 0) {
      cycle.push(t[i].start - t[i - 1].start);
      if (t[i - 1].end !== null) between.push(t[i].start - t[i - 1].end);
    }
  }
  return { cycle, inStep, between };
}

async function perStepPhase() {
  const { longRuns, longSteps } = opts;
  const engine = [];
  const quiet = [];
  const baseline = [];
  const intervals = { cycle: [], inStep: [], between: [] };
  log(`per-step: ${longRuns} engine runs and ${longRuns} bare-DO calls of ${longSteps} steps, sequential, interleaved`);
  for (let i = 0; i < longRuns; i++) {
    const t0 = performance.now();
    const e = await engineRun({ steps: longSteps, effectEvery: 0 });
    e.ms = performance.now() - t0;
    noteErrors("per-step engine", [e]);
    if (e.ok) {
      engine.push(e);
      const j = await request("GET", `/v1/runs/${e.runId}/steps`);
      if (j.status === 200) {
        const iv = stepIntervals(j.json.steps);
        for (const k of Object.keys(intervals)) intervals[k].push(...iv[k]);
      } else noteErrors("per-step journal", [{ ok: false, error: describeHttpError(j), runId: e.runId }]);
    }
    // The same run with the log lines off (see the throughput section's engineQuiet line).
    await request("POST", "/bench/log-level?level=off");
    const q = await engineRun({ steps: longSteps, effectEvery: 0 });
    await request("POST", "/bench/log-level?level=env");
    noteErrors("per-step engine, log lines off", [q]);
    if (q.ok) quiet.push(q);
    const t1 = performance.now();
    const b = await baselineCall(longSteps);
    b.ms = performance.now() - t1;
    noteErrors("per-step baseline", [b]);
    if (b.ok) baseline.push(b);
  }
  const ePer = engine.map((e) => e.wallMs / e.steps);
  const qPer = quiet.map((e) => e.wallMs / e.steps);
  const bPer = baseline.map((b) => b.wallMs / longSteps);
  return {
    steps: longSteps,
    runs: longRuns,
    engineMsPerStep: dist(ePer),
    baselineMsPerStep: dist(bPer),
    engineClientMsPerStep: dist(engine.map((e) => e.ms / e.steps)),
    baselineClientMsPerStep: dist(baseline.map((b) => b.ms / longSteps)),
    ratioP50: ratio(percentile(ePer, 50), percentile(bPer, 50)),
    logsOffMsPerStep: dist(qPer),
    logsOffRatioP50: ratio(percentile(qPer, 50), percentile(bPer, 50)),
    journal: {
      cycleMs: dist(intervals.cycle),
      inStepMs: dist(intervals.inStep),
      betweenMs: dist(intervals.between),
    },
  };
}

async function e2ePhase() {
  const n = opts.e2eRuns;
  const lines = [
    ["engine0", "engine echo-steps, 5 steps, effectEvery=0", () => engineRun({ steps: 5, effectEvery: 0 })],
    ["engine2", "engine echo-steps, 5 steps, effectEvery=2", () => engineRun({ steps: 5, effectEvery: 2 })],
    ["direct", "engine over RPC, no HTTP API layer, effectEvery=0", () => directRun(5, 0)],
    ["baseline", "bare DO baseline, 5 committed steps", () => baselineCall(5)],
  ];
  // One request at a time, the lines taking turns (A B C D A B C D ...) so background load hits them alike.
  log(`end-to-end: ${n} sequential runs of each of ${lines.length} lines, taking turns`);
  const samples = Object.fromEntries(lines.map(([key]) => [key, []]));
  const started = performance.now();
  for (let i = 0; i < n && performance.now() - started < opts.e2eBudgetMs; i++) {
    for (const [key, , task] of lines) {
      const t0 = performance.now();
      let r;
      try {
        r = await task();
      } catch (e) {
        r = { ok: false, error: `${e?.name ?? "Error"}: ${e?.message ?? e}` };
      }
      samples[key].push({ ...r, ms: performance.now() - t0 });
    }
  }
  const out = {};
  for (const [key, label] of lines) {
    const all = samples[key];
    noteErrors(`e2e ${key}`, all);
    const ok = all.filter((s) => s.ok);
    out[key] = { name: label, planned: n, attempted: all.length, completed: ok.length, failed: all.length - ok.length, latencyMs: dist(ok.map((s) => s.ms)), serverWallMs: dist(ok.map((s) => s.wallMs)) };
  }
  return out;
}

async function growthPhase() {
  const rows = [];
  const wallPoints = { engine: [], baseline: [] }; // [steps, ms] per run, for the marginal per-step cost
  log(`storage growth: ${opts.growthSteps.join(", ")} steps, ${opts.growthRepeats} run(s) each`);
  for (const steps of opts.growthSteps) {
    const per = [];
    const basePer = [];
    const bytes = [];
    const baseBytes = [];
    let failed = 0;
    for (let i = 0; i < opts.growthRepeats; i++) {
      const e = await engineRun({ steps, effectEvery: 0 });
      noteErrors(`growth ${steps}`, [e]);
      if (!e.ok) {
        failed++;
        continue;
      }
      per.push(e.wallMs / steps);
      wallPoints.engine.push([steps, e.wallMs]);
      await sleep(200); // the history outbox is flushed to D1 right after the run rests
      const s = await request("GET", `/bench/stats/${e.runId}`);
      if (s.status === 200) bytes.push(s.json.storageBytes);
      else noteErrors(`growth ${steps} stats`, [{ ok: false, error: describeHttpError(s), runId: e.runId }]);
      const b = await baselineCall(steps);
      noteErrors(`growth ${steps} baseline`, [b]);
      if (b.ok) {
        baseBytes.push(b.storageBytes);
        basePer.push(b.wallMs / steps);
        wallPoints.baseline.push([steps, b.wallMs]);
      }
    }
    const storageBytes = percentile(bytes, 50);
    rows.push({
      steps,
      runs: opts.growthRepeats,
      failed,
      storageBytes,
      bytesPerStep: storageBytes === null ? null : storageBytes / steps,
      engineMsPerStep: percentile(per, 50),
      baselineMsPerStep: percentile(basePer, 50),
      baselineStorageBytes: percentile(baseBytes, 50),
    });
  }
  const pts = rows.filter((r) => r.storageBytes !== null);
  const fit = pts.length >= 2 ? linearFit(pts.map((r) => r.steps), pts.map((r) => r.storageBytes)) : null;
  const bpts = rows.filter((r) => r.baselineStorageBytes !== null);
  const baseFit = bpts.length >= 2 ? linearFit(bpts.map((r) => r.steps), bpts.map((r) => r.baselineStorageBytes)) : null;
  const wallFit = (pts) => (pts.length >= 2 ? linearFit(pts.map((x) => x[0]), pts.map((x) => x[1])) : null);
  return { rows, fit, baselineFit: baseFit, engineWallFit: wallFit(wallPoints.engine), baselineWallFit: wallFit(wallPoints.baseline) };
}

// ---- 6. rate limiter -------------------------------------------------------------------

const OPERATOR_KEY = "dev-operator-token";
const asOperator = { Authorization: `Bearer ${OPERATOR_KEY}` };
const DEGRADED_MODEL = "local/expense-classifier-degraded"; // src/models/degraded-provider.ts
const STRONG_TIER = "local/expense-classifier-large"; // the last of CLASSIFIER_TIERS (src/agents/expense-reports)
const RUN_TAG = Date.now().toString(36); // report ids unique to this bench run

/** Writes the demo tenant's deployment row of an agent through the bench Worker (which drops its cached copy). */
async function setDeploymentRow(phaseName, row) {
  const r = await request("POST", "/bench/deployment", row);
  if (r.status !== 200) noteErrors(phaseName, [{ ok: false, error: `set deployment ${JSON.stringify(row)}: ${describeHttpError(r)}` }]);
  return r.json;
}

async function agentDetail(agent) {
  const r = await request("GET", `/v1/agents/${agent}`);
  return r.status === 200 ? r.json : null;
}

async function setBreaker(phaseName, agent, state, reason) {
  const r = await request("POST", `/v1/agents/${agent}/breaker`, { state, reason }, asOperator);
  if (r.status !== 200) noteErrors(phaseName, [{ ok: false, error: `breaker -> ${state}: ${describeHttpError(r)}` }]);
  return r.json?.breaker ?? null;
}

async function rateLimiterPhase() {
  const out = { overhead: null, burst: null, burstJittered: null, http: null };

  // (a) What admission costs: guard admits vs no-op RPCs to a bare DO, timed inside the Worker.
  log(`rate limiter: ${opts.guardCalls} sequential guard admits vs ${opts.guardCalls} no-op bare-DO RPCs, in blocks of ${opts.guardBlock}, timed in the Worker`);
  const o = await request("POST", `/bench/guard-overhead?n=${opts.guardCalls}&block=${opts.guardBlock}`);
  if (o.status !== 200) noteErrors("6a guard overhead", [{ ok: false, error: describeHttpError(o) }]);
  else {
    const j = o.json;
    if (j.refused) noteErrors("6a guard overhead", [{ ok: false, error: `${j.refused} admits refused despite generous limits` }]);
    const admitMs = dist(j.admitMs);
    const pingMs = dist(j.pingMs);
    const admitBlockMs = dist(j.admitBlockMs);
    const pingBlockMs = dist(j.pingBlockMs);
    const budgetPairBlockMs = dist(j.budgetPairBlockMs ?? []);
    out.overhead = {
      calls: j.n,
      block: j.block,
      refused: j.refused,
      clockStepMs: j.clockStepMs,
      admitMs,
      pingMs,
      admitBlockMs,
      pingBlockMs,
      budgetPairBlockMs,
      diffMs: { mean: admitMs.mean - pingMs.mean, p50: admitMs.p50 - pingMs.p50, p95: admitMs.p95 - pingMs.p95, blockP50: admitBlockMs.p50 - pingBlockMs.p50, blockP95: admitBlockMs.p95 - pingBlockMs.p95 },
    };
  }

  // (b) Accuracy under a burst, inside the Worker: K admits at once at L new runs per second.
  const { burstAdmits: k, burstRps: L } = opts;
  log(`rate limiter: ${k} concurrent admits (Promise.all) at a fresh guard allowing ${L} new runs/s`);
  const b = await request("POST", `/bench/guard-burst?k=${k}&rps=${L}`);
  if (b.status !== 200) noteErrors("6b guard burst", [{ ok: false, error: describeHttpError(b) }]);
  else {
    const j = b.json;
    const allowed = L + Math.floor((L * j.burstMs) / 1000);
    out.burst = { ...j, allowed, pass: j.admitted <= allowed };
  }
  // The same burst with callers' clocks 0..J ms apart (the guard refills from the caller's `now`).
  const J = opts.burstJitterMs;
  log(`rate limiter: the same burst with each caller's now jittered by 0..${J} ms`);
  const bj = await request("POST", `/bench/guard-burst?k=${k}&rps=${L}&jitterMs=${J}`);
  if (bj.status !== 200) noteErrors("6b guard burst (jittered now)", [{ ok: false, error: describeHttpError(bj) }]);
  else {
    const j = bj.json;
    const allowed = L + Math.floor((L * (j.burstMs + J)) / 1000);
    out.burstJittered = { ...j, allowed, pass: j.admitted <= allowed };
  }

  // (b) The same over HTTP: concurrent POSTs to rate-bench (echo-steps limited to 20 new runs/s).
  const n = opts.httpBurst;
  const Lh = opts.httpBurstRps;
  await setDeploymentRow("6b http burst", { agent: "rate-bench", stage: "full", auditSampleBp: 0 });
  await sleep(1_200); // the bucket is full (it is new anyway)
  log(`rate limiter: ${n} concurrent POST /v1/agents/rate-bench/runs (limit ${Lh} new runs/s)`);
  const started = performance.now();
  const responses = await Promise.all(Array.from({ length: n }, () => request("POST", "/v1/agents/rate-bench/runs", { input: { steps: 1, effectEvery: 0 } })));
  const burstMs = performance.now() - started;
  const count = (st) => responses.filter((r) => r.status === st).length;
  const other = responses.filter((r) => r.status !== 202 && r.status !== 429);
  noteErrors("6b http burst", other.map((r) => ({ ok: false, error: describeHttpError(r) })));
  const wrong429 = responses.filter((r) => r.status === 429 && r.json?.error?.code !== "RATE_LIMITED").length;
  const allowed = Lh + Math.floor((Lh * burstMs) / 1000);
  out.http = { requests: n, rps: Lh, accepted202: count(202), limited429: count(429), other: other.length, wrong429, burstMs, allowed, pass: count(202) <= allowed };
  return out;
}

// ---- 7. breaker drill ------------------------------------------------------------------

let drillSeq = 0;
const DRILL_EMPLOYEES = ["E1002", "E1003", "E1006"]; // active; not E1001 (section 8 uses it)
const money = (x) => Math.round(x * 100) / 100;

/** A report whose categories the model decides (none stated); amounts, dates and ids vary so nothing is a DUPLICATE. */
function drillReport() {
  const n = ++drillSeq;
  const date = `2026-11-${String(10 + (n % 9)).padStart(2, "0")}`;
  return {
    reportId: `R-BENCH-DRILL-${RUN_TAG}-${n}`,
    employeeId: DRILL_EMPLOYEES[n % DRILL_EMPLOYEES.length],
    submittedAt: "2026-11-20",
    purpose: "Customer visit",
    items: [
      { date, merchant: "Delta Air Lines", description: "flight to Denver", amount: 200 + n, currency: "USD", receipt: true },
      { date, merchant: "Uber", description: "airport ride", amount: money(20 + n / 100), currency: "USD", receipt: true },
    ],
  };
}

/** One pass of the drill: degraded model on, reports at `concurrency` until the breaker is seen open; then a held task; then restore. */
async function drillPass(label, concurrency) {
  const agent = "expense-drill";
  const phaseName = `7 drill ${label}`;
  await setDeploymentRow(phaseName, { agent, stage: "full", auditSampleBp: 0, modelTiers: [DEGRADED_MODEL] });
  const start = await agentDetail(agent);
  if (start?.breaker?.state !== "closed") noteErrors(phaseName, [{ ok: false, error: `breaker ${start?.breaker?.state ?? "unknown"} before the drill` }]);
  log(`drill (${label}): ${agent} on ${DEGRADED_MODEL}, reports at concurrency ${concurrency} until the breaker opens (cap ${opts.drillMaxRuns} runs, ${opts.drillBudgetMs / 1000} s)`);

  const t0 = performance.now();
  const t0Wall = Date.now();
  const runs = [];
  let issued = 0;
  let opened = null;
  const statuses = {};
  const pollMs = [];
  async function client() {
    while (!opened && issued < opts.drillMaxRuns && performance.now() - t0 < opts.drillBudgetMs) {
      issued++;
      const startedWall = Date.now();
      const s0 = performance.now();
      const r = await request("POST", `/v1/agents/${agent}/runs`, { input: drillReport() }, { Prefer: "wait=20" });
      const status = r.status === 200 ? r.json?.status : `HTTP ${r.status}`;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (r.status !== 200 || !["completed", "waiting_for_review"].includes(r.json?.status)) {
        noteErrors(phaseName, [{ ok: false, runId: r.json?.runId, error: r.status === 200 ? `run ${r.json?.status} ${r.json?.stopReason ?? ""}`.trim() : describeHttpError(r) }]);
      }
      runs.push({ startedWall, ms: performance.now() - s0, status });
      const q0 = performance.now();
      const detail = await agentDetail(agent);
      pollMs.push(performance.now() - q0);
      if (detail?.breaker?.state === "open" && !opened) opened = { atMs: performance.now() - t0, afterResponses: runs.length, issued, breaker: detail.breaker };
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  // Judgments land after the runs rest (online evaluation runs in the background): wait a little for the last ones.
  for (let i = 0; !opened && i < 100; i++) {
    await sleep(100);
    const detail = await agentDetail(agent);
    if (detail?.breaker?.state === "open") opened = { atMs: performance.now() - t0, afterResponses: runs.length, issued, breaker: detail.breaker, afterLastRun: true };
  }
  const sinceWall = opened?.breaker?.since ? Date.parse(opened.breaker.since) : null;
  const result = {
    label,
    concurrency,
    issued,
    statuses,
    opened: opened !== null,
    reason: opened?.breaker?.evidence?.reason ?? null,
    evidence: opened?.breaker?.evidence ?? null,
    /** Client view: first degraded POST sent -> GET /v1/agents shows open. */
    toOpenObservedMs: opened?.atMs ?? null,
    responsesBeforeObserved: opened?.afterResponses ?? null,
    issuedBeforeObserved: opened?.issued ?? null,
    /** Server view: first degraded POST sent -> the breaker's own transition time (breaker.since). */
    toTransitionMs: sinceWall === null ? null : sinceWall - t0Wall,
    runsStartedBeforeTransition: sinceWall === null ? null : runs.filter((r) => r.startedWall <= sinceWall).length,
    runMs: dist(runs.map((r) => r.ms)),
    pollMs: dist(pollMs),
    held: null,
    stageAfterOpen: null,
  };
  if (!opened) {
    noteErrors(phaseName, [{ ok: false, error: `breaker not open after ${issued} runs` }]);
  } else {
    // A new task now: it must be held for people with CIRCUIT_OPEN.
    const h0 = performance.now();
    const r = await request("POST", `/v1/agents/${agent}/runs`, { input: drillReport() }, { Prefer: "wait=20" });
    const hEnd = performance.now();
    const hEndWall = Date.now();
    const heldMs = hEnd - h0;
    const runId = r.json?.runId ?? null;
    let reviewMs = null;
    let reasons = null;
    for (let i = 0; runId && i < 100; i++) {
      const q = await request("GET", `/v1/reviews?status=open&agent=${agent}&reason=CIRCUIT_OPEN&limit=200`, undefined, asOperator);
      const item = q.json?.items?.find((x) => x.runId === runId);
      if (item) {
        reviewMs = performance.now() - h0;
        reasons = item.reasons;
        break;
      }
      await sleep(100);
    }
    const held = r.status === 200 && r.json?.status === "waiting_for_review" && reasons?.includes("CIRCUIT_OPEN");
    if (!held) noteErrors(phaseName, [{ ok: false, runId, error: `new task not held with CIRCUIT_OPEN: ${r.status === 200 ? `status ${r.json?.status}` : describeHttpError(r)}, review reasons ${JSON.stringify(reasons)}` }]);
    result.held = {
      ok: held,
      runId,
      status: r.json?.status ?? `HTTP ${r.status}`,
      /** The held task's own POST (Prefer: wait=20) until it answered waiting_for_review. */
      heldMs,
      /** From the moment the client saw the breaker open / from the breaker's transition, until the held task answered. */
      sinceObservedMs: hEnd - (t0 + opened.atMs),
      sinceTransitionMs: sinceWall === null ? null : hEndWall - sinceWall,
      /** From its POST until the review item (with CIRCUIT_OPEN) was listed for people (via the escalations queue). */
      reviewItemMs: reviewMs,
      reasons,
    };
    result.stageAfterOpen = (await agentDetail(agent))?.stage ?? null;
  }
  // Restore: quiet the in-flight judgments, drop the degraded model, close the breaker by hand (which clears its window).
  await sleep(2_000);
  await setDeploymentRow(phaseName, { agent, modelTiers: null });
  const closed = await setBreaker(phaseName, agent, "closed", "bench drill over: model config restored");
  result.restored = { modelTiers: null, breaker: closed?.state ?? null };
  return result;
}

async function drillPhase() {
  const sequential = await drillPass("sequential", 1);
  const concurrent = await drillPass(`concurrency ${opts.drillConcurrency}`, opts.drillConcurrency);
  return { sequential, concurrent };
}

// ---- 8. expense agent latency ------------------------------------------------------------

let expenseSeq = 0;

/** A realistic 10-item report of E1001 under $1,000: meals, lodging with city, economy airfare, ground transport, office supplies; some without category. */
function expenseReport() {
  const n = ++expenseSeq;
  const c = (base) => money(base + (n % 1000) / 100); // every report's amounts differ: no DUPLICATE across reports
  const day = (k) => `2026-11-${String(1 + ((n + k) % 19)).padStart(2, "0")}`;
  return {
    reportId: `R-BENCH-LAT-${RUN_TAG}-${n}`,
    employeeId: "E1001",
    submittedAt: "2026-11-20",
    purpose: "Customer visit in Chicago",
    items: [
      { date: day(0), merchant: "Starbucks", description: "coffee with the customer", amount: c(5), currency: "USD", receipt: true },
      { date: day(0), merchant: "Chipotle", amount: c(14), currency: "USD", category: "meals", receipt: true },
      { date: day(1), merchant: "The Capital Grille", description: "dinner", amount: c(48), currency: "USD", category: "meals", receipt: true },
      { date: day(1), merchant: "Hilton Chicago", amount: c(169), currency: "USD", category: "lodging", nights: 1, city: "Chicago", receipt: true },
      { date: day(0), merchant: "Delta Air Lines", description: "BOS-ORD round trip", amount: c(289), currency: "USD", category: "airfare", travelClass: "economy", receipt: true },
      { date: day(1), merchant: "Uber", description: "airport to hotel", amount: c(24), currency: "USD", receipt: true },
      { date: day(2), merchant: "Lyft", amount: c(17), currency: "USD", receipt: true },
      { date: day(2), merchant: "Yellow Cab", amount: c(31), currency: "USD", category: "ground_transport", receipt: true },
      { date: day(2), merchant: "Staples", description: "printer paper", amount: c(19), currency: "USD", receipt: true },
      { date: day(3), merchant: "Hertz", description: "car rental, one day", amount: c(62), currency: "USD", category: "ground_transport", receipt: true },
    ],
  };
}

async function expenseRun() {
  const sentWall = Date.now();
  const r = await request("POST", "/v1/agents/expense-reports/runs", { input: expenseReport() }, { Prefer: "wait=30" });
  const answeredWall = Date.now();
  if (r.status !== 200) return { ok: false, runId: r.json?.runId, error: r.status === 202 ? `not rested within Prefer: wait=30 (status ${r.json?.status})` : describeHttpError(r) };
  const run = r.json;
  const ok = run.status === "completed" || run.status === "waiting_for_review";
  return {
    ok,
    error: ok ? undefined : `run ${run.status} ${run.stopReason ?? ""} ${run.error?.code ?? ""}`.trim(),
    runId: run.runId,
    status: run.status,
    decision: run.status === "completed" ? (run.outcome?.decision ?? null) : null,
    codes: run.outcome?.codes ?? run.proposal?.codes ?? [],
    wallMs: run.usage?.wallMs,
    // Same machine, same clock (workerd's Date.now() only moves across I/O, so these are approximate):
    // request sent -> run created in its object, and run rested -> answer received by the client.
    beforeRunMs: Date.parse(run.createdAt) - sentWall,
    afterRestMs: answeredWall - (Date.parse(run.createdAt) + run.usage?.wallMs),
    modelCalls: run.usage?.modelCalls,
    costMicroUsd: run.usage?.costMicroUsd,
  };
}

function summarizeExpense(label, samples, wallMs, planned, cpu) {
  const ok = samples.filter((s) => s.ok);
  const decided = ok.filter((s) => s.status === "completed");
  const calls = ok.flatMap((s) => s.models ?? []);
  const strong = calls.filter((m) => m === STRONG_TIER).length;
  const count = (xs) => xs.reduce((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});
  const latencyMs = dist(ok.map((s) => s.ms));
  return {
    label,
    planned,
    attempted: samples.length,
    failed: samples.length - ok.length,
    wallS: wallMs / 1000,
    statuses: count(ok.map((s) => s.status)),
    decisions: count(decided.map((s) => s.decision)),
    codes: count(ok.flatMap((s) => s.codes)),
    latencyMs,
    decidedLatencyMs: dist(decided.map((s) => s.ms)),
    serverWallMs: dist(ok.map((s) => s.wallMs)),
    beforeRunMs: dist(ok.map((s) => s.beforeRunMs)),
    afterRestMs: dist(ok.map((s) => s.afterRestMs)),
    modelLatencyMsPerReport: dist(ok.filter((s) => s.modelLatencyMs !== undefined).map((s) => s.modelLatencyMs)),
    modelCallsPerReport: dist(ok.map((s) => s.modelCalls)),
    costMicroUsdPerReport: dist(ok.map((s) => s.costMicroUsd)),
    journaledModelCalls: calls.length,
    strongTierCalls: strong,
    strongTierShareOfCalls: calls.length ? strong / calls.length : null,
    reportsEscalatedToStrongTier: ok.filter((s) => (s.models ?? []).includes(STRONG_TIER)).length,
    reportsWithJournal: ok.filter((s) => s.models).length,
    // Where a run's time goes: durationMs of each step (whole ms, journaled), by step name, in plan order.
    steps: (() => {
      const by = new Map();
      for (const x of ok) for (const [name, ms, attempt] of x.stepMs ?? []) {
        const e = by.get(name) ?? { ms: [], retried: 0 };
        if (ms !== null) e.ms.push(ms);
        if (attempt > 1) e.retried++;
        by.set(name, e);
      }
      return [...by].map(([name, e]) => ({ name, durationMs: dist(e.ms), retried: e.retried }));
    })(),
    pass: latencyMs.p95 !== null && latencyMs.p95 < opts.expenseTargetMs,
    reportsPerS: ok.length / (wallMs / 1000),
    // CPU of the runtime workerd (the Worker and every Durable Object, one process) per report, incl. background online evaluation.
    runtimeCpuMsPerReport: ok.length ? cpu.runtime / ok.length : null,
    runtimeCores: cpu.runtime / cpu.wallMs,
    otherProcessesCores: cpu.others / cpu.wallMs,
  };
}

async function expensePhase() {
  const agent = "expense-reports";
  const before = (await setDeploymentRow("8 expense", { agent, stage: "full", auditSampleBp: 0 }))?.before ?? null;
  log(`expense latency: ${opts.expenseWarmup} warm-up reports, then ${opts.expenseRuns} sequential and ${opts.expenseRuns} at concurrency ${opts.expenseConcurrency} (10 items, E1001, stage full, audit 0)`);
  noteErrors("8 expense warm-up", (await pool(opts.expenseWarmup, 1, expenseRun)).samples);
  const seq = await measuredBlock(opts.expenseRuns, 1, expenseRun, opts.expenseBudgetMs);
  const conc = await measuredBlock(opts.expenseRuns, opts.expenseConcurrency, expenseRun, opts.expenseBudgetMs);
  noteErrors("8 expense sequential", seq.samples);
  noteErrors(`8 expense concurrency ${opts.expenseConcurrency}`, conc.samples);
  // Which model served each call, from the journal (after the timed lines, so it does not load them).
  log("expense latency: reading the step journals for the models used");
  for (const s of [...seq.samples, ...conc.samples]) {
    if (!s.ok) continue;
    const j = await request("GET", `/v1/runs/${s.runId}/steps`);
    if (j.status === 200) {
      s.models = j.json.steps.flatMap((st) => st.modelCalls.map((m) => m.model));
      s.stepMs = j.json.steps.map((st) => [st.name, st.durationMs, st.attempt]);
      s.modelLatencyMs = j.json.steps.reduce((sum, st) => sum + st.modelCalls.reduce((a, m) => a + m.latencyMs, 0), 0);
    }
    else noteErrors("8 expense journal", [{ ok: false, runId: s.runId, error: describeHttpError(j) }]);
  }
  const breakerAfter = (await agentDetail(agent))?.breaker ?? null;
  // Restore the seed's deployment (supervised, the agent's default audit sample) and, if the runs tripped it, the breaker.
  await setDeploymentRow("8 expense", { agent, stage: "supervised", auditSampleBp: null });
  let breakerRestored = null;
  if (breakerAfter && breakerAfter.state !== "closed") breakerRestored = (await setBreaker("8 expense", agent, "closed", "bench over"))?.state ?? null;
  return {
    deploymentBefore: before,
    sequential: summarizeExpense("sequential", seq.samples, seq.wallMs, opts.expenseRuns, seq.cpu),
    concurrent: summarizeExpense(`concurrency ${opts.expenseConcurrency}`, conc.samples, conc.wallMs, opts.expenseRuns, conc.cpu),
    breakerAfter: breakerAfter && { state: breakerAfter.state, reason: breakerAfter.evidence?.reason ?? null },
    breakerRestored,
  };
}

// ---- 9. tool loop ------------------------------------------------------------------------

const TOOL_LOOP_AGENT = "bench-tool-loop"; // scripts/bench/tool-loop-agent.ts

/** Checks a loop run's answer: completed, one model call per turn. */
function loopResult(run, turns, extra = {}) {
  if (run?.status !== "completed") {
    const why = [run?.stopReason, run?.error?.code, run?.error?.message].filter(Boolean).join(" ");
    return { ok: false, runId: run?.runId, error: `loop run ${run?.status}${why ? `: ${why}` : ""}` };
  }
  if (run.usage?.modelCalls !== turns) return { ok: false, runId: run.runId, error: `loop run made ${run.usage?.modelCalls} model calls, expected ${turns}` };
  return { ok: true, runId: run.runId, wallMs: run.usage.wallMs, steps: run.usage.steps, ...extra };
}

/** A loop of `turns` turns submitted straight to its object over RPC (no HTTP API layer). */
async function loopDirect(turns) {
  const r = await request("POST", `/bench/tool-loop-direct?turns=${turns}`);
  if (r.status !== 200) return { ok: false, error: describeHttpError(r) };
  return loopResult(r.json, turns, { workerMs: r.json.workerMs });
}

/** The same loop through the HTTP API, waited for. */
async function loopHttp(turns) {
  const r = await request("POST", `/v1/agents/${TOOL_LOOP_AGENT}/runs`, { input: { turns } }, { Prefer: "wait=30" });
  if (r.status !== 200) return { ok: false, runId: r.json?.runId, error: r.status === 202 ? `not rested within Prefer: wait=30 (status ${r.json?.status})` : describeHttpError(r) };
  return loopResult(r.json, turns);
}

async function timed(task) {
  const t0 = performance.now();
  let r;
  try {
    r = await task();
  } catch (e) {
    r = { ok: false, error: `${e?.name ?? "Error"}: ${e?.message ?? e}` };
  }
  return { ...r, ms: performance.now() - t0 };
}

/**
 * (a) Per turn, inside the object: a loop run's usage.wallMs / turns beside a bare
 * DO doing the same number of committed steps (one journal row + one commit
 * each), in the same run, interleaved. A turn with one tool call journals two
 * steps (the model turn, the call), so the like-for-like floor of a turn is
 * that many bare commits; one bare committed step is shown too.
 * (b) End to end over HTTP: a 10-turn loop beside echo-steps with the same
 * number of steps (a static plan), taking turns.
 */
async function toolLoopPhase() {
  await setDeploymentRow("9 tool loop", { agent: TOOL_LOOP_AGENT, stage: "full", auditSampleBp: 0 });
  const out = { agent: TOOL_LOOP_AGENT, model: "in-Worker scripted (answers at once)", perTurn: [], e2e: null };
  for (const turns of opts.loopTurns) {
    // The journaled step count of this loop, learned from a warm-up run, sizes the bare calls.
    const warm = [];
    for (let i = 0; i < 3; i++) warm.push(await timed(() => loopDirect(turns)));
    noteErrors(`9 tool loop warm-up ${turns} turns`, warm);
    const steps = warm.find((w) => w.ok)?.steps ?? 2 * turns;
    noteErrors(`9 tool loop warm-up bare ${steps} steps`, [await baselineCall(steps), await baselineCall(1)]);
    log(`tool loop: ${opts.loopReps} runs of ${turns} turns (${steps} journaled steps) over RPC, interleaved with bare-DO calls of ${steps} steps`);
    const loops = [];
    const quiet = [];
    const bare = [];
    const started = performance.now();
    for (let i = 0; i < opts.loopReps && performance.now() - started < opts.loopBudgetMs; i++) {
      const l = await timed(() => loopDirect(turns));
      // The same loop with its log lines off (four per turn), to split what they cost under wrangler dev.
      await request("POST", "/bench/log-level?level=off");
      const q = await timed(() => loopDirect(turns));
      await request("POST", "/bench/log-level?level=env");
      noteErrors(`9 tool loop ${turns} turns, log lines off`, [q]);
      if (q.ok) quiet.push(q);
      const b = await timed(() => baselineCall(steps));
      noteErrors(`9 tool loop ${turns} turns`, [l]);
      noteErrors(`9 tool loop bare ${steps} steps`, [b]);
      if (l.ok) loops.push(l);
      if (b.ok) bare.push(b);
    }
    // Where a turn's time goes, from the journals of a few runs (read after the timed runs, untimed; whole ms).
    const byKind = { model: [], tool: [], between: [] };
    for (const l of loops.slice(0, 5)) {
      const j = await request("GET", `/v1/runs/${l.runId}/steps`);
      if (j.status !== 200) {
        noteErrors("9 tool loop journal", [{ ok: false, runId: l.runId, error: describeHttpError(j) }]);
        continue;
      }
      for (const st of j.json.steps) if (st.kind in byKind && st.durationMs !== null) byKind[st.kind].push(st.durationMs);
      byKind.between.push(...stepIntervals(j.json.steps).between);
    }
    const loopPerTurn = loops.map((l) => l.wallMs / turns);
    const quietPerTurn = quiet.map((l) => l.wallMs / turns);
    const barePerTurn = bare.map((b) => b.wallMs / turns); // the same commits a turn makes
    const barePerStep = bare.map((b) => b.wallMs / steps);
    out.perTurn.push({
      turns,
      steps,
      stepsPerTurn: steps / turns,
      planned: opts.loopReps,
      completed: loops.length,
      loopMsPerTurn: dist(loopPerTurn),
      loopClientMsPerTurn: dist(loops.map((l) => l.ms / turns)),
      bareMsPerTurnSameCommits: dist(barePerTurn),
      bareMsPerCommittedStep: dist(barePerStep),
      ratioP50: ratio(percentile(loopPerTurn, 50), percentile(barePerTurn, 50)),
      ratioMean: ratio(mean(loopPerTurn), mean(barePerTurn)),
      loopLogsOffMsPerTurn: dist(quietPerTurn),
      logsOffRatioP50: ratio(percentile(quietPerTurn, 50), percentile(barePerTurn, 50)),
      vsOneBareStepP50: ratio(percentile(loopPerTurn, 50), percentile(barePerStep, 50)),
      journal: { modelStepMs: dist(byKind.model), toolStepMs: dist(byKind.tool), betweenStepsMs: dist(byKind.between) },
    });
  }

  // (b) End to end through the HTTP API.
  const turns = opts.loopE2eTurns;
  const steps = out.perTurn.find((x) => x.turns === turns)?.steps ?? 2 * turns;
  log(`tool loop: ${opts.loopE2eRuns} sequential ${turns}-turn loops over HTTP, taking turns with echo-steps of ${steps} steps`);
  noteErrors("9 tool loop e2e warm-up", [await timed(() => loopHttp(turns)), await timed(() => engineRun({ steps, effectEvery: 0 }))]);
  const loop = [];
  const stat = [];
  const started = performance.now();
  for (let i = 0; i < opts.loopE2eRuns && performance.now() - started < opts.loopBudgetMs; i++) {
    loop.push(await timed(() => loopHttp(turns)));
    stat.push(await timed(() => engineRun({ steps, effectEvery: 0 })));
  }
  noteErrors(`9 tool loop e2e ${turns} turns`, loop);
  noteErrors(`9 tool loop e2e static ${steps} steps`, stat);
  const okL = loop.filter((s) => s.ok);
  const okS = stat.filter((s) => s.ok);
  const line = (name, all, ok) => ({ name, planned: opts.loopE2eRuns, attempted: all.length, completed: ok.length, failed: all.length - ok.length, latencyMs: dist(ok.map((s) => s.ms)), serverWallMs: dist(ok.map((s) => s.wallMs)) });
  out.e2e = {
    turns,
    steps,
    loop: line(`tool loop, ${turns} turns (${turns - 1} read-only calls + final answer)`, loop, okL),
    static: line(`static plan (echo-steps), ${steps} steps, effectEvery=0`, stat, okS),
  };
  out.e2e.ratioP50 = ratio(out.e2e.loop.latencyMs.p50, out.e2e.static.latencyMs.p50);
  out.e2e.ratioInsideP50 = ratio(out.e2e.loop.serverWallMs.p50, out.e2e.static.serverWallMs.p50);
  const head = out.perTurn[0];
  out.perTurnRatio = head?.ratioP50 ?? null;
  out.perTurnRatioLogsOff = head?.logsOffRatioP50 ?? null;
  out.goal = opts.loopGoal;
  return out;
}

function reportToolLoop(p, t) {
  p();
  p(`9. TOOL LOOP  (${t.agent}: N turns = N-1 turns of one read-only tool call, then a final answer; model: ${t.model})`);
  p("  per turn, inside the object (usage.wallMs / turns), runs over RPC interleaved with bare-DO calls of the same committed steps:");
  for (const x of t.perTurn) {
    p(`  ${x.turns} turns (${x.steps} journaled steps, ${fmt(x.stepsPerTurn, 1)} per turn), ${x.completed}/${x.planned} runs`);
    p(`    loop        ms/turn  p50 ${fmtMs(x.loopMsPerTurn.p50, 3)}  mean ${fmtMs(x.loopMsPerTurn.mean, 3)}  p95 ${fmtMs(x.loopMsPerTurn.p95, 3)}  (client view incl. HTTP: p50 ${fmtMs(x.loopClientMsPerTurn.p50, 3)})`);
    p(`    bare DO     ms/turn  p50 ${fmtMs(x.bareMsPerTurnSameCommits.p50, 3)}  mean ${fmtMs(x.bareMsPerTurnSameCommits.mean, 3)}  (${fmt(x.stepsPerTurn, 1)} committed steps; one committed step p50 ${fmtMs(x.bareMsPerCommittedStep.p50, 3)})`);
    const met = x.ratioP50 === null ? "n/a" : x.ratioP50 <= t.goal ? "met" : "NOT met";
    const jr = x.journal;
    p(`    journal (whole ms, mean): model turn step ${fmtMs(jr.modelStepMs.mean, 3)}, tool call step ${fmtMs(jr.toolStepMs.mean, 3)}, between steps (plan re-read, commit) ${fmtMs(jr.betweenStepsMs.mean, 3)}`);
    p(`    ratio loop/bare per turn (p50): ${fmt(x.ratioP50, 2)}  (goal <= ${fmt(t.goal, 1)} -> ${met}); mean ${fmt(x.ratioMean, 2)}; vs ONE bare committed step ${fmt(x.vsOneBareStepP50, 2)}`);
    p(`    with the log lines off (LOG_LEVEL=off): ms/turn p50 ${fmtMs(x.loopLogsOffMsPerTurn.p50, 3)}, ratio ${fmt(x.logsOffRatioP50, 2)}`);
  }
  const e = t.e2e;
  if (e) {
    p(`  end to end over HTTP (${e.loop.attempted} sequential runs each, taking turns; client's view of POST with Prefer: wait=30):`);
    for (const x of [e.loop, e.static]) {
      p(`    ${x.name.padEnd(58)} p50 ${fmtMs(x.latencyMs.p50)}  p95 ${fmtMs(x.latencyMs.p95)}  max ${fmtMs(x.latencyMs.max)}  (inside p50 ${fmtMs(x.serverWallMs.p50)})  failed ${x.failed}`);
    }
    p(`    ratio loop/static plan of the same ${e.steps} steps: p50 latency ${fmt(e.ratioP50, 2)}, inside the object p50 ${fmt(e.ratioInsideP50, 2)}`);
  }
  p(`  toolLoop.perTurnRatio = ${fmt(t.perTurnRatio, 2)} (the ${t.perTurn[0]?.turns ?? "?"}-turn line); with the log lines off ${fmt(t.perTurnRatioLogsOff, 2)}`);
}

// ---- 10. refund agent latency -------------------------------------------------------------

const REFUND_AGENT = "refund-requests";
// Requests of the demo tenant's seeded customers (test/agents/refund-embedded.test.ts), each with a new
// requestId. Before a refund-path request the bench forgets that order's earlier refunds (untimed,
// /bench/refund-reset), else it would come back ALREADY_REFUNDED; the decision mix is printed.
const REFUND_REQUESTS = [
  { customerId: "C2001", message: "Both blue mugs in N-10001 arrived shattered.", resetOrder: "N-10001" },
  { customerId: "C2006", message: "My action camera never arrived.", resetOrder: "N-10013" },
  { customerId: "C2006", message: "The chinos don't fit." },
  { customerId: "C2001", message: "The mug arrived cracked." },
];
let refundSeq = 0;

async function refundRun() {
  const n = ++refundSeq;
  const { resetOrder, ...task } = REFUND_REQUESTS[n % REFUND_REQUESTS.length];
  if (resetOrder) {
    const reset = await request("POST", `/bench/refund-reset?order=${resetOrder}`);
    if (reset.status !== 200) return { ok: false, error: `refund reset: ${describeHttpError(reset)}` };
  }
  const input = { requestId: `RQ-BENCH-${RUN_TAG}-${n}`, receivedAt: "2026-11-20", channel: "email", ...task };
  const t0 = performance.now(); // the client's latency of the request alone (pool's own timing includes the reset)
  const r = await request("POST", `/v1/agents/${REFUND_AGENT}/runs`, { input }, { Prefer: "wait=30" });
  const clientMs = performance.now() - t0;
  if (r.status !== 200) return { ok: false, runId: r.json?.runId, error: r.status === 202 ? `not rested within Prefer: wait=30 (status ${r.json?.status})` : describeHttpError(r) };
  const run = r.json;
  // Resting = completed, or waiting for a person (an escalation is a resting state of the request).
  const ok = run.status === "completed" || run.status === "waiting_for_review";
  return {
    ok,
    error: ok ? undefined : `run ${run.status} ${run.stopReason ?? ""} ${run.error?.code ?? ""}`.trim(),
    runId: run.runId,
    clientMs,
    status: run.status,
    decision: run.outcome?.decision ?? (run.status === "waiting_for_review" ? `(waiting for review${run.stopReason ? `: ${run.stopReason}` : ""})` : null),
    codes: run.outcome?.codes ?? [],
    wallMs: run.usage?.wallMs,
    modelCalls: run.usage?.modelCalls,
    toolCalls: run.usage?.toolCalls,
    costMicroUsd: run.usage?.costMicroUsd,
  };
}

function summarizeRefund(label, block, planned) {
  const { samples, wallMs, cpu } = block;
  const ok = samples.filter((s) => s.ok);
  const count = (xs) => xs.reduce((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});
  const latencyMs = dist(ok.map((s) => s.clientMs));
  return {
    label,
    planned,
    attempted: samples.length,
    failed: samples.length - ok.length,
    wallS: wallMs / 1000,
    statuses: count(ok.map((s) => s.status)),
    decisions: count(ok.map((s) => s.decision)),
    latencyByDecisionMs: Object.fromEntries([...new Set(ok.map((s) => s.decision))].map((d) => [d, dist(ok.filter((s) => s.decision === d).map((s) => s.clientMs))])),
    codes: count(ok.flatMap((s) => s.codes)),
    latencyMs,
    // A run held because the breaker opened mid-line never ran the agent's own path: shown apart.
    heldByBreaker: ok.filter((s) => s.heldByBreaker).length,
    notHeldLatencyMs: dist(ok.filter((s) => !s.heldByBreaker).map((s) => s.clientMs)),
    serverWallMs: dist(ok.map((s) => s.wallMs)),
    modelCallsPerRequest: dist(ok.map((s) => s.modelCalls)),
    toolCallsPerRequest: dist(ok.map((s) => s.toolCalls)),
    costMicroUsdPerRequest: dist(ok.map((s) => s.costMicroUsd)),
    models: count(ok.flatMap((s) => s.models ?? [])),
    requestsWithJournal: ok.filter((s) => s.models).length,
    pass: latencyMs.p95 !== null && latencyMs.p95 < opts.refundTargetMs,
    requestsPerS: ok.length / (wallMs / 1000),
    runtimeCpuMsPerRequest: ok.length ? cpu.runtime / ok.length : null,
    runtimeCores: cpu.runtime / cpu.wallMs,
    otherProcessesCores: cpu.others / cpu.wallMs,
  };
}

async function refundPhase() {
  const agent = REFUND_AGENT;
  const before = (await setDeploymentRow("10 refund", { agent, stage: "full", auditSampleBp: 0 }))?.before ?? null;
  log(`refund latency: ${opts.refundWarmup} warm-up requests, then ${opts.refundRuns} sequential and ${opts.refundRuns} at concurrency ${opts.refundConcurrency} (stage full, audit 0)`);
  noteErrors("10 refund warm-up", (await pool(opts.refundWarmup, 1, refundRun)).samples);
  const seq = await measuredBlock(opts.refundRuns, 1, refundRun, opts.refundBudgetMs);
  // The online judge (a 10% sample) can open the breaker, which holds new tasks and demotes the stage:
  // shown, then undone (untimed) so the concurrent line starts from the same state.
  const breakerAfterSequential = (await agentDetail(agent))?.breaker ?? null;
  if (breakerAfterSequential && breakerAfterSequential.state !== "closed") {
    await setBreaker("10 refund", agent, "closed", "bench: between lines");
    await setDeploymentRow("10 refund", { agent, stage: "full", auditSampleBp: 0 });
  }
  const conc = await measuredBlock(opts.refundRuns, opts.refundConcurrency, refundRun, opts.refundBudgetMs);
  noteErrors("10 refund sequential", seq.samples);
  noteErrors(`10 refund concurrency ${opts.refundConcurrency}`, conc.samples);
  // Which model served each call, from the journal (after the timed lines, so it does not load them).
  log("refund latency: reading the step journals for the models used");
  for (const s of [...seq.samples, ...conc.samples]) {
    if (!s.ok) continue;
    const j = await request("GET", `/v1/runs/${s.runId}/steps`);
    if (j.status === 200) {
      s.models = j.json.steps.flatMap((st) => (st.modelCalls ?? []).map((m) => m.model));
      s.heldByBreaker = s.status === "waiting_for_review" && JSON.stringify(j.json.steps).includes("CIRCUIT_OPEN"); // a gate's code in the journal
    } else noteErrors("10 refund journal", [{ ok: false, runId: s.runId, error: describeHttpError(j) }]);
  }
  const breakerAfter = (await agentDetail(agent))?.breaker ?? null;
  // Restore the row as it was before the section (the seed: supervised, audit NULL).
  await setDeploymentRow("10 refund", { agent, stage: before?.stage ?? "supervised", auditSampleBp: before ? before.audit_sample_bp : null });
  let breakerRestored = null;
  if (breakerAfter && breakerAfter.state !== "closed") breakerRestored = (await setBreaker("10 refund", agent, "closed", "bench over"))?.state ?? null;
  return {
    deploymentBefore: before,
    sequential: summarizeRefund("sequential", seq, opts.refundRuns),
    concurrent: summarizeRefund(`concurrency ${opts.refundConcurrency}`, conc, opts.refundRuns),
    breakerAfterSequential: breakerAfterSequential && { state: breakerAfterSequential.state, reason: breakerAfterSequential.evidence?.reason ?? null },
    breakerAfter: breakerAfter && { state: breakerAfter.state, reason: breakerAfter.evidence?.reason ?? null },
    breakerRestored,
  };
}

function reportRefund(p, e) {
  p();
  p(`10. REFUND AGENT LATENCY  (contract: p95 of a request to its resting state, embedded model, wrangler dev, < ${fmt(opts.refundTargetMs, 0)} ms)`);
  p(`   POST /v1/agents/${REFUND_AGENT}/runs with Prefer: wait=30, rotating: ${REFUND_REQUESTS.map((x) => `${x.customerId} "${x.message}"`).join("; ")};`);
  p("   each a new requestId; the mug and camera orders' earlier refunds are forgotten before each of their requests (untimed), so they take the");
  p("   refund path; demo tenant at stage full, audit 0; client's view over loopback of the POST alone");
  for (const x of [e.sequential, e.concurrent]) {
    const capped = x.attempted < x.planned ? ` of ${x.planned} planned, time-capped at ${opts.refundBudgetMs / 1000} s` : "";
    p(`  ${x.label}: ${x.attempted} requests${capped} in ${fmt(x.wallS, 1)} s, failed ${x.failed}; ${counts(x.statuses)}; decisions: ${counts(x.decisions)}; codes: ${counts(x.codes)}`);
    p(`    client latency        p50 ${fmtMs(x.latencyMs.p50)}  p95 ${fmtMs(x.latencyMs.p95)}  p99 ${fmtMs(x.latencyMs.p99)}  max ${fmtMs(x.latencyMs.max)}   ${x.latencyMs.p95 === null ? "n/a" : x.pass ? "PASS" : "NOT met"} (p95 < ${fmt(opts.refundTargetMs, 0)} ms)`);
    if (x.heldByBreaker) p(`    ${x.heldByBreaker} held by the open breaker (CIRCUIT_OPEN, not the agent's path); the other ${x.notHeldLatencyMs.n}: p50 ${fmtMs(x.notHeldLatencyMs.p50)}  p95 ${fmtMs(x.notHeldLatencyMs.p95)}`);
    p(`    by decision           ${Object.entries(x.latencyByDecisionMs).map(([d, v]) => `${d} p50 ${fmtMs(v.p50)} p95 ${fmtMs(v.p95)} (n ${v.n})`).join(";  ")}`);
    p(`    server usage.wallMs   p50 ${fmtMs(x.serverWallMs.p50)}  p95 ${fmtMs(x.serverWallMs.p95)}`);
    p(`    ${fmt(x.requestsPerS, 1)} requests/s; runtime workerd CPU per request ${fmtMs(x.runtimeCpuMsPerRequest)}, ${fmt(x.runtimeCores, 2)} cores busy; outside this bench ${fmt(x.otherProcessesCores, 2)} cores`);
    p(`    per request: model calls mean ${fmt(x.modelCallsPerRequest.mean, 1)} (p50 ${fmt(x.modelCallsPerRequest.p50, 0)}, max ${fmt(x.modelCallsPerRequest.max, 0)}), tool calls mean ${fmt(x.toolCallsPerRequest.mean, 1)}; cost mean ${fmt(x.costMicroUsdPerRequest.mean, 1)} micro-USD`);
    p(`    models used (journaled calls, ${x.requestsWithJournal} journals read): ${counts(x.models)}`);
  }
  const b = e.breakerAfter;
  const d = e.deploymentBefore;
  const bs = e.breakerAfterSequential;
  p(`  ${REFUND_AGENT} breaker after the sequential line: ${bs?.state ?? "?"}${bs?.reason ? ` (${bs.reason}; closed and stage full again before the next line)` : ""}`);
  p(`  ${REFUND_AGENT} breaker after both lines: ${b?.state ?? "?"}${b?.reason ? ` (${b.reason})` : ""}${e.breakerRestored ? `; closed again by the bench (${e.breakerRestored})` : ""}; deployment restored to ${d?.stage ?? "supervised"}, audit ${d?.audit_sample_bp ?? "NULL"}`);
}

// ---- report -------------------------------------------------------------------------

function versions() {
  const read = (p) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(ROOT, p), "utf8")).version;
    } catch {
      return null;
    }
  };
  return {
    wrangler: read("node_modules/wrangler/package.json"),
    workerd: read("node_modules/wrangler/node_modules/workerd/package.json") ?? read("node_modules/workerd/package.json"),
  };
}

function codeVersion() {
  const git = (...a) => spawnSync("git", a, { cwd: ROOT, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD").stdout?.trim() || "unknown";
  const dirty = (git("status", "--porcelain").stdout ?? "").split("\n").filter(Boolean).length;
  return `git ${head}${dirty ? ` + ${dirty} uncommitted path(s)` : ""}, bundled at start`;
}

const passFail = (ok) => (ok === null || ok === undefined ? "n/a" : ok ? "PASS" : "FAIL");
const pct = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? "n/a" : `${fmt(x * 100, d)}%`);
const counts = (o) => Object.entries(o ?? {}).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ") || "none";

function reportRateLimiter(p, r) {
  const { overhead: o, burst: b, burstJittered: bj, http: h } = r.rateLimiter;
  p();
  p("6. RATE LIMITER  (src/guardrails/rate-limiter.ts in the tenant+agent AgentGuardObject; admission = one RPC to it)");
  if (o) {
    p(`  (a) overhead per request, timed inside the Worker: ${o.calls} sequential guardClient().admit() (fresh run ids, generous limits, each released untimed)`);
    p(`      vs ${o.calls} sequential no-op ping() RPCs to a bare DO, alternating in blocks of ${o.block}; the smallest non-zero clock step seen was ${fmtMs(o.clockStepMs, 3)}`);
    p("      (workerd's clock only moves across I/O), so single-call percentiles may be quantized; block averages (block time / calls) are finer.");
    p("                        per call, from block averages        single calls (clock-quantized)");
    p(`      admit (guard)     p50 ${fmtMs(o.admitBlockMs.p50, 3)}  p95 ${fmtMs(o.admitBlockMs.p95, 3)}        p50 ${fmtMs(o.admitMs.p50, 0)}  p95 ${fmtMs(o.admitMs.p95, 0)}  mean ${fmtMs(o.admitMs.mean, 3)}`);
    p(`      ping (bare DO)    p50 ${fmtMs(o.pingBlockMs.p50, 3)}  p95 ${fmtMs(o.pingBlockMs.p95, 3)}        p50 ${fmtMs(o.pingMs.p50, 0)}  p95 ${fmtMs(o.pingMs.p95, 0)}  mean ${fmtMs(o.pingMs.mean, 3)}`);
    p(`      difference        p50 ${fmtMs(o.diffMs.blockP50, 3)}  p95 ${fmtMs(o.diffMs.blockP95, 3)}        mean ${fmtMs(o.diffMs.mean, 3)}  = what the admission logic adds to one RPC${o.refused ? `;  ${o.refused} refused (!)` : ""}`);
    p(`      budget reserve+settle pair (2 guard RPCs, made around every model call)   p50 ${fmtMs(o.budgetPairBlockMs.p50, 3)}  p95 ${fmtMs(o.budgetPairBlockMs.p95, 3)}  (block averages)`);
    const e = r.e2e?.engine0?.latencyMs?.p50;
    p(`      for scale: client-view p50 of POST /v1/agents/echo-steps/runs (5 steps, Prefer: wait) ${e === undefined || e === null ? "is measured in section 4 (not run)" : `is ${fmtMs(e)} (section 4); one admit RPC (mean) is ${pct(o.admitMs.mean / e)} of it`}`);
  }
  if (b) {
    p(`  (b) accuracy under a burst, inside the Worker: ${b.k} concurrent admits (Promise.all) at a fresh guard allowing ${b.rps} new runs/s`);
    p(`      admitted ${b.admitted}, refused RATE ${b.refusedRate}, CONCURRENCY ${b.refusedConcurrency}; burst took ${fmtMs(b.burstMs)} -> allowed ${b.rps} + floor(${b.rps} x ${fmt(b.burstMs / 1000, 3)} s) = ${b.allowed}   ${passFail(b.pass)} (admitted <= allowed)`);
  }
  if (bj) {
    p(`      same burst, each caller's now = its clock + random 0..${bj.jitterMs} ms (clocks / request paths a few ms apart, arriving in any order):`);
    p(`      admitted ${bj.admitted}, refused RATE ${bj.refusedRate}; burst took ${fmtMs(bj.burstMs)} -> allowed ${bj.rps} + floor(${bj.rps} x (${fmt(bj.burstMs / 1000, 3)} + ${fmt(bj.jitterMs / 1000, 3)}) s) = ${bj.allowed}   ${passFail(bj.pass)} (admitted <= allowed)`);
  }
  if (h) {
    p(`      over HTTP: ${h.requests} concurrent POST /v1/agents/rate-bench/runs (echo-steps, 1 step, ${h.rps} new runs/s), no Prefer: wait`);
    p(`      202 accepted ${h.accepted202}, 429 RATE_LIMITED ${h.limited429}${h.wrong429 ? ` (${h.wrong429} 429s with another code)` : ""}, other ${h.other}; burst took ${fmtMs(h.burstMs)} (client view) -> allowed ${h.rps} + floor(${h.rps} x ${fmt(h.burstMs / 1000, 3)} s) = ${h.allowed}   ${passFail(h.pass)} (accepted <= allowed)`);
  }
}

function reportDrill(p, d) {
  p();
  p("7. TIME FROM QUALITY DROP TO BREAKER OPEN  (expense-drill = expense-reports with onlineSample 1, breaker window 20, minJudged 10;");
  p("   demo tenant: stage full, audit 0, model_tiers [local/expense-classifier-degraded]; 2-item reports, categories left to the model;");
  p("   Prefer: wait=20, GET /v1/agents/expense-drill after each response)");
  for (const x of [d.sequential, d.concurrent]) {
    p(`  ${x.label}: ${x.issued} degraded run(s) sent (${counts(x.statuses)}); run latency p50 ${fmtMs(x.runMs.p50)}  p95 ${fmtMs(x.runMs.p95)}; each poll (GET agent) p50 ${fmtMs(x.pollMs.p50)}`);
    if (!x.opened) {
      p("    breaker did NOT open within the cap   FAIL");
    } else {
      p(`    first degraded POST -> breaker seen open by the client: ${fmt(x.toOpenObservedMs / 1000, 2)} s, after ${x.responsesBeforeObserved} answered run(s) (${x.issuedBeforeObserved} sent)`);
      p(`    first degraded POST -> the breaker's own transition time (breaker.since): ${fmt(x.toTransitionMs / 1000, 2)} s; ${x.runsStartedBeforeTransition} run(s) had started by then`);
      const e = x.evidence;
      p(`    reason: ${x.reason}${e ? `  (quality ${e.quality.agreed}/${e.quality.judged} agreed, health ${e.health.ok}/${e.health.judged} ok)` : ""}; stage after: ${x.stageAfterOpen ?? "?"}`);
      const h = x.held;
      if (h) {
        p(`    next task: ${h.status}${h.reasons ? ` [${h.reasons.join(", ")}]` : ""}   ${passFail(h.ok)} (held with CIRCUIT_OPEN)`);
        p(`      its POST answered in ${fmtMs(h.heldMs)}: ${fmt(h.sinceObservedMs / 1000, 2)} s after the client saw open, ${fmt(h.sinceTransitionMs / 1000, 2)} s after the transition; review item listed ${fmtMs(h.reviewItemMs)} after its POST`);
      }
    }
    p(`    restored: model_tiers null, breaker ${x.restored?.breaker ?? "?"} (operator POST .../breaker)`);
  }
}

function reportExpense(p, e) {
  p();
  p(`8. EXPENSE AGENT LATENCY  (contract: p95 end-to-end, Prefer: wait request -> decided outcome, 10-item report, embedded model, < ${fmt(opts.expenseTargetMs, 0)} ms)`);
  p("   POST /v1/agents/expense-reports/runs, E1001, 10 items (meals, lodging with city, economy airfare, ground transport, office supplies; 4 without");
  p("   category; receipts; totals < $1,000); demo tenant at stage full, audit 0 (the agent acts alone); client's view over loopback");
  for (const x of [e.sequential, e.concurrent]) {
    const capped = x.attempted < x.planned ? ` of ${x.planned} planned, time-capped at ${opts.expenseBudgetMs / 1000} s` : "";
    p(`  ${x.label}: ${x.attempted} reports${capped} in ${fmt(x.wallS, 1)} s, failed ${x.failed}; ${counts(x.statuses)}; decisions: ${counts(x.decisions)}; codes: ${counts(x.codes)}`);
    p(`    client latency        p50 ${fmtMs(x.latencyMs.p50)}  p95 ${fmtMs(x.latencyMs.p95)}  p99 ${fmtMs(x.latencyMs.p99)}  max ${fmtMs(x.latencyMs.max)}   ${passFail(x.pass)} (p95 < ${fmt(opts.expenseTargetMs, 0)} ms)`);
    if (x.decidedLatencyMs.n !== x.latencyMs.n) p(`    decided runs only     p50 ${fmtMs(x.decidedLatencyMs.p50)}  p95 ${fmtMs(x.decidedLatencyMs.p95)}  (n ${x.decidedLatencyMs.n})`);
    p(`    server usage.wallMs   p50 ${fmtMs(x.serverWallMs.p50)}  p95 ${fmtMs(x.serverWallMs.p95)}   (request sent -> run created p50 ${fmtMs(x.beforeRunMs.p50, 0)} p95 ${fmtMs(x.beforeRunMs.p95, 0)}; run rested -> client has the answer p50 ${fmtMs(x.afterRestMs.p50, 0)} p95 ${fmtMs(x.afterRestMs.p95, 0)})`);
    p(`    ${fmt(x.reportsPerS, 1)} reports/s; runtime workerd CPU per report ${fmtMs(x.runtimeCpuMsPerReport)} (incl. background online evaluation), ${fmt(x.runtimeCores, 2)} cores busy; outside this bench ${fmt(x.otherProcessesCores, 2)} cores`);
    p(`    per report: journaled model latency ${fmtMs(x.modelLatencyMsPerReport.mean)} (sum of latencyMs; the embedded model is pure CPU and workerd's clock does not move without I/O);  model calls mean ${fmt(x.modelCallsPerReport.mean, 1)} (p50 ${fmt(x.modelCallsPerReport.p50, 0)}, max ${fmt(x.modelCallsPerReport.max, 0)}); cost mean ${fmt(x.costMicroUsdPerReport.mean, 1)} micro-USD`);
    p(`    strong tier (${STRONG_TIER}): ${x.strongTierCalls} of ${x.journaledModelCalls} journaled calls (${pct(x.strongTierShareOfCalls)}); ${x.reportsEscalatedToStrongTier} of ${x.reportsWithJournal} reports escalated at least one call`);
    const st = x.steps.filter((y) => y.durationMs.n > 0);
    if (st.length) p(`    step durationMs mean (journal, whole ms): ${st.map((y) => `${y.name} ${fmt(y.durationMs.mean, 1)}${y.retried ? ` (${y.retried} retried)` : ""}`).join(", ")}`);
  }
  const b = e.breakerAfter;
  p(`  expense-reports breaker after: ${b?.state ?? "?"}${b?.reason ? ` (${b.reason})` : ""}${e.breakerRestored ? `; closed again by the bench (${e.breakerRestored})` : ""}; deployment restored to supervised, audit NULL`);
}

function report(r) {

  const L = [];
  const p = (s = "") => L.push(s);
  const lat = (d) => `p50 ${fmtMs(d.p50)}  p95 ${fmtMs(d.p95)}  p99 ${fmtMs(d.p99)}  max ${fmtMs(d.max)}`;
  const m = r.meta;
  p("=".repeat(100));
  p("agent-runtime benchmark: local workerd via wrangler dev on this machine (NOT production figures)");
  p(`  machine     ${m.cores} cores (${m.cpuModel}), ${fmt(m.memGiB, 1)} GiB RAM, ${m.platform}`);
  p(`  software    node ${m.node}, wrangler ${m.wrangler}, workerd ${m.workerd ?? "?"}`);
  p(`  setup       client, wrangler (node), proxy workerd and runtime workerd all share these ${m.cores} cores;`);
  p(`              loopback HTTP, fresh state in ${m.state}; /healthz answered ${fmt(m.startupS, 1)} s after wrangler dev started`);
  p(`  code        ${m.code}; worker reloads during the bench: ${m.workerReloads}`);
  p(`  wrangler    local trace collector + explorer ${m.devObservability ? "ON (wrangler default)" : "OFF (X_LOCAL_OBSERVABILITY=false; --dev-observability to keep them)"}`);
  if (m.configDrift.length) p(`  WARNING     scripts/bench/wrangler.toml lacks from the root config: ${m.configDrift.join("; ")}`);
  p(`  date        ${m.date}, total bench time ${fmt(m.totalS, 0)} s; sections run: ${m.sections.join(", ")}${m.sections.length < ALL_SECTIONS.length ? " (--only)" : ""}`);
  const wb = r.phases["whole bench"];
  p(`  background  load average at start ${m.loadAvgAtStart.map((x) => fmt(x, 2)).join(" ")}; processes outside this bench used ${fmt(wb.others / wb.wallMs, 2)} of ${m.cores} cores on average during it`);
  p("=".repeat(100));

  const t = r.throughput;
  if (t) {
  p();
  p(`1-2. THROUGHPUT  (${opts.runs} runs per line in ${opts.rounds} interleaved blocks, concurrency ${opts.concurrency}, after ${opts.warmup} warm-up runs each;`);
  p("     a run counts when the response says completed; latency = client's view of POST with Prefer: wait=30)");
  for (const key of ["baseline", "direct", "engine0", "engine2", "engineQuiet"]) {
    const x = t[key];
    p(`  ${x.name}`);
    const capped = x.attempted < x.planned ? ` of ${x.planned} planned, time-capped at ${opts.blockBudgetMs / 1000} s per block` : "";
    p(`    ${fmt(x.runsPerS, 1)} runs/s (${x.completed}/${x.attempted}${capped} completed in ${fmt(x.wallS, 1)} s; blocks: ${x.blockRunsPerS.map((v) => fmt(v, 1)).join(", ")} runs/s)  failed ${x.failed}`);
    p(`    latency ${lat(x.latencyMs)}`);
    p(`    inside the object (engine usage.wallMs / baseline doMs): p50 ${fmtMs(x.serverWallMs.p50)}  p95 ${fmtMs(x.serverWallMs.p95)}`);
    const c = x.cpuMsPerRun;
    p(`    CPU per completed run: runtime workerd ${fmtMs(c.runtime, 2)}, proxy workerd ${fmtMs(c.proxy, 2)}, wrangler node ${fmtMs(c.wranglerNode, 2)}, bench client ${fmtMs(c.client, 2)}`);
    p(`    cores busy on average: runtime workerd ${fmt(x.runtimeCores, 2)}; processes outside this bench ${fmt(x.otherProcessesCores, 2)}`);
  }
  p("  ratios engine/baseline            runs/s (target >= 0.85)   p50 latency   runtime-workerd CPU per run");
  for (const key of ["engine0", "engine2", "direct", "engineQuiet"]) {
    const x = r.ratios[key];
    const label = { engine0: "HTTP API, effectEvery=0", engine2: "HTTP API, effectEvery=2", direct: "RPC, effectEvery=0", engineQuiet: "HTTP API, log lines off" }[key];
    p(`    ${label.padEnd(30)} ${`${fmt(x.runsPerS, 2)} ${x.runsPerS === null ? "" : x.runsPerS >= 0.85 ? "(met)" : "(NOT met)"}`.padEnd(25)} ${fmt(x.p50, 2).padEnd(13)} ${fmt(x.cpu, 2)}`);
  }
  const all = (c) => c.runtime + c.proxy + c.wranglerNode;
  const [on, off, base] = [t.engine0.cpuMsPerRun, t.engineQuiet.cpuMsPerRun, t.baseline.cpuMsPerRun];
  p(`  the log lines under wrangler dev: ${fmtMs(all(on) - all(off), 2)} of CPU per run across runtime, proxy and wrangler node (runtime ${fmtMs(on.runtime - off.runtime, 2)},`);
  p(`    proxy ${fmtMs(on.proxy - off.proxy, 2)}, wrangler node ${fmtMs(on.wranglerNode - off.wranglerNode, 2)}); every process's CPU per run: engine ${fmtMs(all(on), 2)}, lines off ${fmtMs(all(off), 2)}, bare ${fmtMs(all(base), 2)}`);
  const busy = Math.max(...Object.values(t).map((x) => x.otherProcessesCores ?? 0));
  if (busy > 0.25) {
    p(`  note: processes outside this bench kept up to ${fmt(busy, 2)} cores busy during these lines, so runs/s varies from block to block;`);
    p("        CPU per run (measured per process from /proc) is the steadier comparison.");
  }
  }

  const s = r.perStep;
  if (s) {
  p();
  p(`3. PER-STEP COST  (${s.runs} sequential runs of ${s.steps} steps each, effectEvery=0, interleaved with ${s.runs} bare-DO calls of ${s.steps} steps)`);
  p(`  engine   usage.wallMs/steps   p50 ${fmtMs(s.engineMsPerStep.p50, 3)}  p95 ${fmtMs(s.engineMsPerStep.p95, 3)}  (client view incl. HTTP: p50 ${fmtMs(s.engineClientMsPerStep.p50, 3)})`);
  p(`  baseline doMs/steps          p50 ${fmtMs(s.baselineMsPerStep.p50, 3)}  p95 ${fmtMs(s.baselineMsPerStep.p95, 3)}  (client view incl. HTTP: p50 ${fmtMs(s.baselineClientMsPerStep.p50, 3)})`);
  p(`  ratio engine/baseline per step (p50): ${fmt(s.ratioP50, 2)}  (target <= 2.0 -> ${s.ratioP50 !== null && s.ratioP50 <= 2 ? "met" : "NOT met"})`);
  p(`  engine with its log lines off (LOG_LEVEL=off): p50 ${fmtMs(s.logsOffMsPerStep.p50, 3)} per step, ratio ${fmt(s.logsOffRatioP50, 2)}; the line per step is the rest`);
  const j = s.journal;
  p(`  from the journal (${j.cycleMs.n} step intervals; timestamps are whole ms and workerd's clock only moves on I/O):`);
  p(`    start-to-start per step   mean ${fmtMs(j.cycleMs.mean, 3)}  p50 ${fmtMs(j.cycleMs.p50, 0)}  p95 ${fmtMs(j.cycleMs.p95, 0)}  p99 ${fmtMs(j.cycleMs.p99, 0)}  max ${fmtMs(j.cycleMs.max, 0)}`);
  p(`    started->finished (commit + step body)   mean ${fmtMs(j.inStepMs.mean, 3)};  finished->next start (bookkeeping) mean ${fmtMs(j.betweenMs.mean, 3)}`);
  }

  if (r.e2e) {
  p();
  const e2eN = r.e2e.baseline.attempted;
  p(`4. END-TO-END LATENCY, UNLOADED  (${e2eN} sequential runs each${e2eN < opts.e2eRuns ? ` of ${opts.e2eRuns} planned, time-capped at ${opts.e2eBudgetMs / 1000} s` : ""}, lines taking turns; client's view)`);
  for (const key of ["engine0", "engine2", "direct", "baseline"]) {
    const x = r.e2e[key];
    p(`  ${x.name.padEnd(52)} ${lat(x.latencyMs)}  (inside p50 ${fmtMs(x.serverWallMs.p50)})  failed ${x.failed}`);
  }
  }

  const g = r.growth;
  if (g) {
  p();
  p(`5. STORAGE AS STEPS GROW  (engine runs with effectEvery=0, ${opts.growthRepeats} per size, median; storage = the run object's SQLite size after the run)`);
  p("   steps   storage bytes   bytes/step   engine ms/step   bare-DO storage bytes   bare-DO ms/step");
  for (const row of g.rows) {
    p(`  ${String(row.steps).padStart(6)}   ${fmt(row.storageBytes, 0).padStart(13)}   ${fmt(row.bytesPerStep, 0).padStart(10)}   ${fmt(row.engineMsPerStep, 3).padStart(14)}   ${fmt(row.baselineStorageBytes, 0).padStart(21)}   ${fmt(row.baselineMsPerStep, 3).padStart(15)}`);
  }
  const fitLine = (f, unit, fixedUnit, d = 0) => `${fmt(f.slope, d)} ${unit}/step + ${fmt(f.intercept, d)} ${fixedUnit} fixed  (R^2 ${fmt(f.r2, 4)})`;
  if (g.fit) p(`  storage, linear fit:    engine ${fitLine(g.fit, "bytes", "bytes")}`);
  if (g.baselineFit) p(`                          bare DO ${fitLine(g.baselineFit, "bytes", "bytes")}`);
  if (g.engineWallFit) p(`  wall time, linear fit:  engine ${fitLine(g.engineWallFit, "ms", "ms", 3)}`);
  if (g.baselineWallFit) p(`                          bare DO ${fitLine(g.baselineWallFit, "ms", "ms", 3)}`);
  }

  if (r.rateLimiter) reportRateLimiter(p, r);
  if (r.drill) reportDrill(p, r.drill);
  if (r.expense) reportExpense(p, r.expense);
  if (r.toolLoop?.perTurn) reportToolLoop(p, r.toolLoop); // the --json stub ({perTurnRatio: null}) when section 9 did not run
  if (r.refund?.sequential) reportRefund(p, r.refund);
  if (r.tracing?.offMsPerStep) reportTracing(p, r.tracing, fmtMs);
  if (r.breakdown) reportBreakdown(p, r.breakdown, { fmt, fmtMs });
  if (r.profile) {
    p("");
    p(`13. CPU PROFILE OF THE ISOLATE  (V8 sampling every ${r.profile.intervalUs} us through the inspector; self time by source module of the bundle; profiling slows what it samples)`);
    for (const line of reportProfile(r.profile)) p(line);
  }

  p();
  p("   MEMORY (VmRSS of wrangler's workerd processes; runtime = the one hosting the Worker and all Durable Objects)");
  for (const snap of r.memory) {
    p(`  ${snap.label.padEnd(40)} runtime ${mib(snap.runtimeRssKb).padStart(9)} (peak ${mib(snap.runtimeHwmKb)})   proxy ${mib(snap.proxyRssKb)}   wrangler node ${mib(snap.nodeRssKb)}`);
  }
  p(`  ~${r.objectsCreated.toLocaleString("en-US")} Durable Objects created by this bench (each run and each baseline call is a new object; workerd evicts idle ones)`);

  p();
  p("   CPU BY PHASE (cores busy on average over the phase's wall time)");
  p("  phase                              wall s   runtime workerd   proxy workerd   wrangler node   bench client   outside this bench");
  for (const [name, c] of Object.entries(r.phases)) {
    const cores = (ms) => fmt(ms / c.wallMs, 2);
    p(`  ${name.padEnd(32)} ${fmt(c.wallMs / 1000, 1).padStart(8)}   ${cores(c.runtime).padStart(15)}   ${cores(c.proxy).padStart(13)}   ${cores(c.wranglerNode).padStart(13)}   ${cores(c.client).padStart(12)}   ${cores(c.others).padStart(18)}`);
  }

  p();
  const summary = errorSummary();
  p(`ERRORS: ${errors.length}${errors.length ? "" : " (every request answered as expected: 2xx, runs completed or held for review where that is the point, 429s only in the burst)"}`);
  for (const e of summary.slice(0, 15)) p(`  ${String(e.count).padStart(5)} x [${e.phase}] ${e.error}${e.exampleRunId ? ` (e.g. ${e.exampleRunId})` : ""}`);
  if (summary.length > 15) p(`  ... ${summary.length - 15} more kinds (see --json)`);
  p(`wrangler log: ${path.relative(ROOT, LOG)}`);
  return L.join("\n");
}

// ---- main ---------------------------------------------------------------------------

async function main() {
  const t0 = performance.now();
  const drift = configDrift();
  if (drift.length) log(`WARNING: scripts/bench/wrangler.toml lacks what the root wrangler.toml has:\n  ${drift.join("\n  ")}`);
  const startupMs = await startWrangler();
  const memory = [memorySnapshot("idle, after start")];

  log("first requests (isolate start, D1 key lookup)");
  const first = await engineRun({ steps: 1, effectEvery: 0 });
  noteErrors("first request", [first]);

  const phases = {};
  const loadAtStart = os.loadavg();
  async function phase(name, fn) {
    const c0 = cpuSnapshot();
    const result = await fn();
    phases[name] = cpuDelta(c0, cpuSnapshot());
    return result;
  }
  const on = (n) => opts.sections.has(n);
  const all0 = cpuSnapshot();
  const throughput = on(1) || on(2) ? await phase("1-2 throughput (incl. warm-up)", throughputPhase) : null;
  if (throughput) memory.push(memorySnapshot("after warm-up + throughput phases"));
  const perStep = on(3) ? await phase("3 per-step", perStepPhase) : null;
  const e2e = on(4) ? await phase("4 end-to-end", e2ePhase) : null;
  const growth = on(5) ? await phase("5 storage growth", growthPhase) : null;
  const rateLimiter = on(6) ? await phase("6 rate limiter", rateLimiterPhase) : null;
  const drill = on(7) ? await phase("7 breaker drill", drillPhase) : null;
  const expense = on(8) ? await phase("8 expense latency", expensePhase) : null;
  const toolLoop = on(9) ? await phase("9 tool loop", toolLoopPhase) : null;
  const refund = on(10) ? await phase("10 refund latency", refundPhase) : null;
  const tracing = on(11)
    ? await phase("11 tracing", () => tracingPhase({ request, log, noteErrors, dist, percentile, runs: opts.quick ? 3 : 20, steps: 1000, sink: otlpSink }))
    : null;
  const breakdown = on(12)
    ? await phase("12 breakdown", () => breakdownPhase({ request, log, noteErrors, pool, measuredBlock, summarizeBlocks, sleep, directRun, engineRun, concurrency: opts.concurrency, quick: opts.quick }))
    : null;
  const profile = on(13)
    ? await phase("13 profile", () =>
        profilePhase({
          inspectorPort: wrangler.inspectorPort,
          bundleFile: wrangler.bundle,
          log,
          lines: {
            "engine over HTTP, 5 steps": () => pool(opts.profileRuns, opts.concurrency, () => engineRun({ steps: 5, effectEvery: 0 })),
            "engine over HTTP, 5 steps, log lines off": async () => {
              await request("POST", "/bench/log-level?level=off");
              try {
                return await pool(opts.profileRuns, opts.concurrency, () => engineRun({ steps: 5, effectEvery: 0 }));
              } finally {
                await request("POST", "/bench/log-level?level=env");
              }
            },
            "engine over RPC, 5 steps": () => pool(opts.profileRuns, opts.concurrency, () => directRun(5, 0)),
            "bare DO baseline, 5 steps": () => pool(opts.profileRuns, opts.concurrency, () => baselineCall(5)),
            "tool loop over RPC, 10 turns (20 steps)": () => pool(Math.ceil(opts.profileRuns / 4), 4, () => loopDirect(10)),
          },
        }))
    : null;
  await sleep(500);
  memory.push(memorySnapshot("end (after all phases)"));
  phases["whole bench"] = cpuDelta(all0, cpuSnapshot());
  // Anything wrangler logs after "Ready on" that means the runtime was reconfigured or restarted.
  const logText = fs.readFileSync(LOG, "utf8");
  const afterReady = logText.slice(Math.max(0, logText.indexOf("Ready on")));
  const reloads = (afterReady.match(/Reloading local server|Connection status updated|restarted/g) ?? []).length;

  // Approximate (time caps may cut lines short); sections 6-8 also create guard, turnstile and evaluation-run objects.
  const objectsCreated =
    1 +
    (throughput ? 5 * (opts.warmup + opts.runs) : 0) +
    (perStep ? 3 * opts.longRuns : 0) +
    (e2e ? 4 * opts.e2eRuns : 0) +
    (growth ? 2 * opts.growthSteps.length * opts.growthRepeats : 0) +
    (rateLimiter ? 4 + (rateLimiter.http?.accepted202 ?? 0) : 0) +
    (drill ? 2 * ((drill.sequential.issued ?? 0) + (drill.concurrent.issued ?? 0) + 2) : 0) +
    (expense ? opts.expenseWarmup + (expense.sequential.attempted ?? 0) + (expense.concurrent.attempted ?? 0) : 0) +
    (toolLoop ? toolLoop.perTurn.reduce((s, x) => s + 3 * x.planned + 8, 0) + 2 * ((toolLoop.e2e?.loop.attempted ?? 0) + 1) : 0) +
    (refund ? opts.refundWarmup + refund.sequential.attempted + refund.concurrent.attempted : 0) +
    (breakdown ? Object.values(breakdown.lines).reduce((n, x) => n + x.completed + x.failed, 0) : 0);
  const v = versions();
  const ratios = throughput
    ? Object.fromEntries(
        ["engine0", "engine2", "direct", "engineQuiet"].map((k) => [
          k,
          {
            runsPerS: ratio(throughput[k].runsPerS, throughput.baseline.runsPerS),
            p50: ratio(throughput[k].latencyMs.p50, throughput.baseline.latencyMs.p50),
            cpu: ratio(throughput[k].cpuMsPerRun.runtime, throughput.baseline.cpuMsPerRun.runtime),
          },
        ]),
      )
    : null;
  const result = {
    // Headline ratios, stable keys for tools reading --json (null when the section did not run).
    engine: {
      throughputRatioHttp: ratios?.engine0.runsPerS ?? null,
      throughputRatioRpc: ratios?.direct.runsPerS ?? null,
      cpuPerRunRatio: ratios?.engine0.cpu ?? null,
      perStepRatio: perStep?.ratioP50 ?? null,
      // The same ratios for the engine with its log lines off (LOG_LEVEL=off), measured in the same blocks.
      throughputRatioHttpLogsOff: ratios?.engineQuiet.runsPerS ?? null,
      cpuPerRunRatioLogsOff: ratios?.engineQuiet.cpu ?? null,
      perStepRatioLogsOff: perStep?.logsOffRatioP50 ?? null,
    },
    toolLoop: toolLoop ? {
      perTurnRatio: toolLoop.perTurnRatio,
      perTurnGoal: toolLoop.goal,
      e2eRatioToStaticPlan: toolLoop.e2e?.ratioP50 ?? null,
      e2eInsideRatioToStaticPlan: toolLoop.e2e?.ratioInsideP50 ?? null,
      ...toolLoop,
    } : { perTurnRatio: null },
    refund: {
      p95SequentialMs: refund?.sequential.latencyMs.p95 ?? null,
      p95Concurrency4Ms: refund?.concurrent.latencyMs.p95 ?? null,
      targetMs: opts.refundTargetMs,
      // Runs the breaker held (CIRCUIT_OPEN) are in the p95s above as resting requests; counted here.
      heldByBreaker: refund ? refund.sequential.heldByBreaker + refund.concurrent.heldByBreaker : null,
      ...(refund ?? {}),
    },
    meta: {
      label: "local workerd via wrangler dev on this machine",
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memGiB: os.totalmem() / 2 ** 30,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      ...v,
      state: path.relative(ROOT, STATE),
      startupS: startupMs / 1000,
      code: codeVersion(),
      loadAvgAtStart: loadAtStart,
      workerReloads: reloads,
      devObservability: opts.devObservability,
      configDrift: drift,
      date: new Date().toISOString(),
      totalS: (performance.now() - t0) / 1000,
      sections: [...opts.sections].sort((a, b) => a - b),
      options: { ...opts, sections: [...opts.sections].sort((a, b) => a - b), only: opts.only ? [...opts.only].sort((a, b) => a - b) : null },
    },
    throughput,
    ratios,
    // Section 11: on/off - 1 of the per-step wall time at p50 (null when not run).
    tracing: { perStepOverhead: tracing?.perStepOverhead ?? null, ...(tracing ?? {}) },
    // Section 12: each ingredient's CPU ms per run (`ms`), the lines, and the engine's account (null when not run).
    breakdown,
    // Section 13: the isolate's CPU profile by module group and function (null when not run).
    profile,
    perStep,
    e2e,
    growth,
    rateLimiter,
    drill,
    expense,
    memory,
    phases,
    objectsCreated,
    errors: { total: errors.length, kinds: errorSummary() },
  };
  return result;
}

const HARD_LIMIT_MS = hardLimitMs(opts.sections.size);
const watchdog = setTimeout(async () => {
  log(`watchdog: still running after ${HARD_LIMIT_MS / 60000} min; stopping wrangler`);
  await stopWrangler();
  process.exit(2);
}, HARD_LIMIT_MS);

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    log(`${sig}: stopping wrangler`);
    await stopWrangler();
    process.exit(130);
  });
}

let exitCode = 0;
try {
  const result = await main();
  log("stopping wrangler");
  await stopWrangler();
  if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${report(result)}\n`);
} catch (e) {
  exitCode = 1;
  log("FAILED:", e?.stack ?? e);
  await stopWrangler();
} finally {
  clearTimeout(watchdog);
}
process.exit(exitCode);
