// `npm run bench [-- --quick]` (or `npm run -s bench -- --json > bench.json`): figures for the run engine, measured
// against a bare Durable Object doing the same work, on this machine.
//
// Self-contained and local: starts its own `wrangler dev` (bench-only Worker in
// scripts/bench/, fresh state in .wrangler/bench-state), migrates and seeds D1,
// measures over loopback, prints a report and stops wrangler. Not a test: it
// asserts nothing and prints numbers (targets are shown, never enforced).
//
// Options: --json            machine-readable output on stdout (progress on stderr)
//          --quick           fewer samples (a smoke run, ~1 minute)
//          --runs N          runs per throughput line (default 1000)
//          --concurrency C   concurrent clients for throughput (default 32)
//          --rounds R        throughput lines are measured in R interleaved blocks (default 4)
//          --dev-observability  keep wrangler's local trace collector and explorer on (its
//                            default); off otherwise, as they are dev tools absent in production
//
// The Worker is bundled once at the start (`wrangler deploy --dry-run`) and served
// with `wrangler dev --no-bundle`, so edits to src/ during the bench neither
// reload the Worker mid-measurement nor mix two versions of the code.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = path.resolve(import.meta.dirname, "..");
const CONFIG = path.join(ROOT, "scripts/bench/wrangler.toml");
const STATE = path.join(ROOT, ".wrangler/bench-state");
const BUILD = path.join(ROOT, ".wrangler/bench-build");
const REGISTRY = path.join(ROOT, ".wrangler/bench-registry");
const LOG = path.join(ROOT, ".wrangler/bench-wrangler.log");
const API_KEY = "dev-local-key";
const HARD_LIMIT_MS = 9 * 60_000; // watchdog: never leave wrangler running

// ---- options ------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { json: false, quick: false, runs: null, concurrency: 32, rounds: 4, devObservability: false };
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
    else if (a === "--help" || a === "-h") {
      console.log("usage: npm run bench [-- --json] [--quick] [--runs N] [--concurrency C] [--rounds R] [--dev-observability]");
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

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

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
const wrangler = { child: null, pid: null, port: null, exited: false, stopping: null };

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
      "--inspector-port", String(inspectorPort), "--show-interactive-dev-session=false"],
    { cwd: ROOT, env: baseEnv, stdio: ["ignore", out, out], detached: true }, // own process group
  );
  fs.closeSync(out);
  Object.assign(wrangler, { child, pid: child.pid, port });
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

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

function groupAlive(pgid) {
  return allPids().some((p) => procStat(p)?.pgrp === pgid);
}

/** SIGTERM the whole process group (npx, wrangler, workerd, esbuild), then SIGKILL what is left. */
function stopWrangler() {
  if (!wrangler.pid) return Promise.resolve();
  wrangler.stopping ??= (async () => {
    const pgid = wrangler.pid;
    try {
      process.kill(-pgid, "SIGTERM");
    } catch {
      /* already gone */
    }
    for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
    if (groupAlive(pgid)) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        /* gone */
      }
      for (let i = 0; i < 20 && groupAlive(pgid); i++) await sleep(100);
    }
  })();
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
  };
  log(`warm-up: ${warmup} runs of each line, concurrency ${concurrency}`);
  for (const [key, line] of Object.entries(lines)) noteErrors(`warm-up ${key}`, (await pool(warmup, concurrency, line.task)).samples);
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
      const block = await measuredBlock(n, concurrency, lines[key].task, opts.blockBudgetMs);
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
    const t1 = performance.now();
    const b = await baselineCall(longSteps);
    b.ms = performance.now() - t1;
    noteErrors("per-step baseline", [b]);
    if (b.ok) baseline.push(b);
  }
  const ePer = engine.map((e) => e.wallMs / e.steps);
  const bPer = baseline.map((b) => b.wallMs / longSteps);
  return {
    steps: longSteps,
    runs: longRuns,
    engineMsPerStep: dist(ePer),
    baselineMsPerStep: dist(bPer),
    engineClientMsPerStep: dist(engine.map((e) => e.ms / e.steps)),
    baselineClientMsPerStep: dist(baseline.map((b) => b.ms / longSteps)),
    ratioP50: ratio(percentile(ePer, 50), percentile(bPer, 50)),
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
  p(`  date        ${m.date}, total bench time ${fmt(m.totalS, 0)} s`);
  const wb = r.phases["whole bench"];
  p(`  background  load average at start ${m.loadAvgAtStart.map((x) => fmt(x, 2)).join(" ")}; processes outside this bench used ${fmt(wb.others / wb.wallMs, 2)} of ${m.cores} cores on average during it`);
  p("=".repeat(100));

  const t = r.throughput;
  p();
  p(`1-2. THROUGHPUT  (${opts.runs} runs per line in ${opts.rounds} interleaved blocks, concurrency ${opts.concurrency}, after ${opts.warmup} warm-up runs each;`);
  p("     a run counts when the response says completed; latency = client's view of POST with Prefer: wait=30)");
  for (const key of ["baseline", "direct", "engine0", "engine2"]) {
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
  for (const key of ["engine0", "engine2", "direct"]) {
    const x = r.ratios[key];
    const label = { engine0: "HTTP API, effectEvery=0", engine2: "HTTP API, effectEvery=2", direct: "RPC, effectEvery=0" }[key];
    p(`    ${label.padEnd(30)} ${`${fmt(x.runsPerS, 2)} ${x.runsPerS === null ? "" : x.runsPerS >= 0.85 ? "(met)" : "(NOT met)"}`.padEnd(25)} ${fmt(x.p50, 2).padEnd(13)} ${fmt(x.cpu, 2)}`);
  }
  const busy = Math.max(...Object.values(t).map((x) => x.otherProcessesCores ?? 0));
  if (busy > 0.25) {
    p(`  note: processes outside this bench kept up to ${fmt(busy, 2)} cores busy during these lines, so runs/s varies from block to block;`);
    p("        CPU per run (measured per process from /proc) is the steadier comparison.");
  }

  const s = r.perStep;
  p();
  p(`3. PER-STEP COST  (${s.runs} sequential runs of ${s.steps} steps each, effectEvery=0, interleaved with ${s.runs} bare-DO calls of ${s.steps} steps)`);
  p(`  engine   usage.wallMs/steps   p50 ${fmtMs(s.engineMsPerStep.p50, 3)}  p95 ${fmtMs(s.engineMsPerStep.p95, 3)}  (client view incl. HTTP: p50 ${fmtMs(s.engineClientMsPerStep.p50, 3)})`);
  p(`  baseline doMs/steps          p50 ${fmtMs(s.baselineMsPerStep.p50, 3)}  p95 ${fmtMs(s.baselineMsPerStep.p95, 3)}  (client view incl. HTTP: p50 ${fmtMs(s.baselineClientMsPerStep.p50, 3)})`);
  p(`  ratio engine/baseline per step (p50): ${fmt(s.ratioP50, 2)}  (target <= 2.0 -> ${s.ratioP50 !== null && s.ratioP50 <= 2 ? "met" : "NOT met"})`);
  const j = s.journal;
  p(`  from the journal (${j.cycleMs.n} step intervals; timestamps are whole ms and workerd's clock only moves on I/O):`);
  p(`    start-to-start per step   mean ${fmtMs(j.cycleMs.mean, 3)}  p50 ${fmtMs(j.cycleMs.p50, 0)}  p95 ${fmtMs(j.cycleMs.p95, 0)}  p99 ${fmtMs(j.cycleMs.p99, 0)}  max ${fmtMs(j.cycleMs.max, 0)}`);
  p(`    started->finished (commit + step body)   mean ${fmtMs(j.inStepMs.mean, 3)};  finished->next start (bookkeeping) mean ${fmtMs(j.betweenMs.mean, 3)}`);

  p();
  const e2eN = r.e2e.baseline.attempted;
  p(`4. END-TO-END LATENCY, UNLOADED  (${e2eN} sequential runs each${e2eN < opts.e2eRuns ? ` of ${opts.e2eRuns} planned, time-capped at ${opts.e2eBudgetMs / 1000} s` : ""}, lines taking turns; client's view)`);
  for (const key of ["engine0", "engine2", "direct", "baseline"]) {
    const x = r.e2e[key];
    p(`  ${x.name.padEnd(52)} ${lat(x.latencyMs)}  (inside p50 ${fmtMs(x.serverWallMs.p50)})  failed ${x.failed}`);
  }

  const g = r.growth;
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
  p(`ERRORS: ${errors.length}${errors.length ? "" : " (every request answered 2xx and every run completed)"}`);
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
  const all0 = cpuSnapshot();
  const throughput = await phase("1-2 throughput (incl. warm-up)", throughputPhase);
  memory.push(memorySnapshot("after warm-up + throughput phases"));
  const perStep = await phase("3 per-step", perStepPhase);
  const e2e = await phase("4 end-to-end", e2ePhase);
  const growth = await phase("5 storage growth", growthPhase);
  await sleep(500);
  memory.push(memorySnapshot("end (after all phases)"));
  phases["whole bench"] = cpuDelta(all0, cpuSnapshot());
  // Anything wrangler logs after "Ready on" that means the runtime was reconfigured or restarted.
  const logText = fs.readFileSync(LOG, "utf8");
  const afterReady = logText.slice(Math.max(0, logText.indexOf("Ready on")));
  const reloads = (afterReady.match(/Reloading local server|Connection status updated|restarted/g) ?? []).length;

  const objectsCreated = 1 + 4 * (opts.warmup + opts.runs) + 2 * opts.longRuns + 4 * opts.e2eRuns + 2 * opts.growthSteps.length * opts.growthRepeats;
  const v = versions();
  const result = {
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
      options: opts,
    },
    throughput,
    ratios: Object.fromEntries(
      ["engine0", "engine2", "direct"].map((k) => [
        k,
        {
          runsPerS: ratio(throughput[k].runsPerS, throughput.baseline.runsPerS),
          p50: ratio(throughput[k].latencyMs.p50, throughput.baseline.latencyMs.p50),
          cpu: ratio(throughput[k].cpuMsPerRun.runtime, throughput.baseline.cpuMsPerRun.runtime),
        },
      ]),
    ),
    perStep,
    e2e,
    growth,
    memory,
    phases,
    objectsCreated,
    errors: { total: errors.length, kinds: errorSummary() },
  };
  return result;
}

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
