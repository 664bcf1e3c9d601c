// `npm run eval [-- options]`: runs an agent's evaluation set through the real
// runtime (each case is a real run inside the Worker) and prints the figures.
//
// By default it starts its own `wrangler dev` on a free port with a fresh state
// directory (.wrangler/eval-state: migrated and seeded), built from a copy of the
// sources (.wrangler/eval-src, so edits made meanwhile cannot reload the Worker
// mid-pass), and stops it at the end. With --url it uses a running service.
// Exit status: 0 ok, 1 below a --min-* threshold, 2 error.
//
// Options:
//   --json                 one JSON object on stdout (progress stays on stderr;
//                          use `npm run -s eval -- --json`: npm prints its banner on stdout)
//   --compare-models       run cheap, strong and cascade on the same cases
//   --mode M               cascade (default) | cheap | strong (without --compare-models)
//   --min-exact F          exit 1 when exact-outcome accuracy < F (0..1)
//   --min-decision F       exit 1 when decision accuracy < F (0..1)
//   --limit N              only the first N cases (after --tag)
//   --tag T                only the cases tagged T
//   --cases FILE           run the cases of FILE (JSON Lines in the set's format) instead of the
//                          agent's bundled set; prints per case its id, run status, proposal and
//                          outcome (in --json: `results`)
//   --agent A              agent to evaluate (default expense-reports)
//   --url URL              use a running service (e.g. http://localhost:8787)
//   --key K                operator API key (default dev-operator-token)
//   --chunk N              cases per request (default 25, at most 100)
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort, stopProcessGroup, tail } from "./lib/process.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const STATE = path.join(ROOT, ".wrangler/eval-state");
/** A copy of the sources the Worker is built from, so edits made while the evaluation runs cannot reload it mid-pass. */
const SNAPSHOT = path.join(ROOT, ".wrangler/eval-src");
const SNAPSHOT_PATHS = ["wrangler.toml", "package.json", "tsconfig.json", "worker-configuration.d.ts", ".dev.vars", "src", "evals", "migrations", "scripts/seed.sql"];
const LOG = path.join(ROOT, ".wrangler/eval-wrangler.log");
const MODES = ["cascade", "cheap", "strong"];
const HARD_LIMIT_MS = 60 * 60_000; // watchdog: never leave wrangler running

// ---- options ----------------------------------------------------------------------

function usage(code = 0) {
  const lines = fs.readFileSync(new URL(import.meta.url), "utf8").split("\n");
  const text = lines.slice(0, lines.findIndex((l) => !l.startsWith("//"))).map((l) => l.slice(3)).join("\n");
  (code ? console.error : console.log)(text);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { json: false, compare: false, mode: "cascade", minExact: null, minDecision: null, limit: null, tag: null, agent: "expense-reports", url: null, key: "dev-operator-token", chunk: 25, cases: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = (min, max) => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${a} needs an integer in [${min}, ${max}]`);
      return v;
    };
    const fraction = () => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0 || v > 1) throw new Error(`${a} needs a fraction in [0, 1] (e.g. 0.9)`);
      return v;
    };
    if (a === "--json") opts.json = true;
    else if (a === "--compare-models") opts.compare = true;
    else if (a === "--mode") {
      opts.mode = value();
      if (!MODES.includes(opts.mode)) throw new Error(`--mode must be one of ${MODES.join(", ")}`);
    } else if (a === "--min-exact") opts.minExact = fraction();
    else if (a === "--min-decision") opts.minDecision = fraction();
    else if (a === "--limit") opts.limit = int(1, 1e9);
    else if (a === "--tag") opts.tag = value();
    else if (a === "--agent") opts.agent = value();
    else if (a === "--url") opts.url = value().replace(/\/+$/, "");
    else if (a === "--key") opts.key = value();
    else if (a === "--chunk") opts.chunk = int(1, 100);
    else if (a === "--cases") opts.cases = value();
    else if (a === "--help" || a === "-h") usage(0);
    else throw new Error(`unknown option ${a} (see --help)`);
  }
  return opts;
}

let opts;
/** The lines of --cases (non-empty), sent in chunks; null = the agent's bundled set. */
let caseLines = null;
try {
  opts = parseArgs(process.argv.slice(2));
  if (opts.cases) {
    caseLines = fs.readFileSync(path.resolve(opts.cases), "utf8").split("\n").filter((l) => l.trim() !== "");
    if (caseLines.length === 0) throw new Error(`${opts.cases} has no cases`);
    if (opts.tag) throw new Error("--tag works on the bundled set; filter the --cases file instead");
  }
} catch (error) {
  console.error(`eval: ${error.message}`);
  process.exit(2);
}

const log = (...a) => console.error("[eval]", ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- wrangler lifecycle (own process group, fresh state) ---------------------------------

// A private dev registry: other `wrangler dev` sessions on this machine starting or stopping
// would otherwise make ours reload mid-request ("Your worker restarted mid-request").
const REGISTRY = path.join(ROOT, ".wrangler/eval-registry");
const baseEnv = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "true", WRANGLER_REGISTRY_PATH: REGISTRY };
const wrangler = { pid: null, exited: false, stopping: null };



function snapshotSources() {
  fs.rmSync(SNAPSHOT, { recursive: true, force: true });
  for (const rel of SNAPSHOT_PATHS) {
    const from = path.join(ROOT, rel);
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(path.join(SNAPSHOT, rel)), { recursive: true });
    fs.cpSync(from, path.join(SNAPSHOT, rel), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(SNAPSHOT, "node_modules"), "dir");
}

function npxWrangler(args) {
  const r = spawnSync("npx", ["wrangler", ...args], { cwd: SNAPSHOT, env: baseEnv, encoding: "utf8" });
  fs.appendFileSync(LOG, `\n$ npx wrangler ${args.join(" ")}\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  if (r.status !== 0) throw new Error(`npx wrangler ${args.join(" ")} failed (exit ${r.status}); see ${path.relative(ROOT, LOG)}:\n${tail(LOG)}`);
}

async function startWrangler() {
  fs.rmSync(STATE, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(LOG), { recursive: true });
  fs.writeFileSync(LOG, `eval ${new Date().toISOString()}\n`);
  snapshotSources();
  log(`sources copied to ${path.relative(ROOT, SNAPSHOT)}; fresh state in ${path.relative(ROOT, STATE)}: applying D1 migrations and seed`);
  npxWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", STATE]);
  npxWrangler(["d1", "execute", "DB", "--local", "--persist-to", STATE, "--file", path.join("scripts", "seed.sql")]);

  const port = await freePort();
  const inspectorPort = await freePort();
  const out = fs.openSync(LOG, "a");
  const child = spawn(
    "npx",
    ["wrangler", "dev", "--persist-to", STATE, "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), "--show-interactive-dev-session=false"],
    { cwd: SNAPSHOT, env: baseEnv, stdio: ["ignore", out, out], detached: true }, // own process group: stopped as a whole
  );
  fs.closeSync(out);
  wrangler.pid = child.pid;
  child.on("exit", () => (wrangler.exited = true));
  log(`wrangler dev (pid ${child.pid}) on 127.0.0.1:${port}, log ${path.relative(ROOT, LOG)}`);

  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (wrangler.exited) throw new Error(`wrangler dev exited during startup; see ${path.relative(ROOT, LOG)}:\n${tail(LOG)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return `http://127.0.0.1:${port}`;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error(`/healthz did not answer within 120 s; see ${path.relative(ROOT, LOG)}:\n${tail(LOG)}`);
}


/** SIGTERM the whole process group (npx, wrangler, workerd, esbuild), then SIGKILL what is left. */
function stopWrangler() {
  if (!wrangler.pid) return Promise.resolve();
  wrangler.stopping ??= (async () => {
    await stopProcessGroup(wrangler.pid);
    log("wrangler stopped");
  })();
  return wrangler.stopping;
}

// ---- HTTP ---------------------------------------------------------------------------------

let BASE = null;

async function api(method, p, json) {
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    let res;
    let text;
    try {
      res = await fetch(`${BASE}${p}`, {
        method,
        headers: { Authorization: `Bearer ${opts.key}`, ...(json === undefined ? {} : { "Content-Type": "application/json" }) },
        body: json === undefined ? undefined : JSON.stringify(json),
        signal: AbortSignal.timeout(15 * 60_000),
      });
      text = await res.text();
    } catch (error) {
      // No (complete) answer: a restart, or a kept-alive connection closed under us. Chunks are
      // idempotent (same runs, results rewritten), so the same request is sent again.
      lastError = error;
      log(`${method} ${p}: ${error.cause?.message ?? error.message}; retrying (${attempt}/3)`);
      await sleep(1000 * attempt);
      continue;
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = { error: { code: "NOT_JSON", message: text.slice(0, 200) } };
    }
    if (res.ok) return body;
    const err = new Error(`${method} ${p} -> ${res.status} ${body?.error?.code ?? ""}: ${body?.error?.message ?? text.slice(0, 200)}`);
    if (res.status >= 500 && attempt < 3) {
      lastError = err;
      log(`${err.message}; retrying (${attempt}/3)`);
      await sleep(1000 * attempt);
      continue;
    }
    throw err;
  }
  throw lastError;
}

// ---- one pass -----------------------------------------------------------------------------

function progress(mode, done, total, started) {
  const line = `${mode} ${done}/${total} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}   ${done >= total ? "\n" : ""}`);
  else console.error(line);
}

/** Runs the --cases file in chunks (each chunk sends its lines); returns the summary with every case's report. */
async function runInlinePass(mode) {
  const started = Date.now();
  let evalRunId;
  const results = [];
  const lines = opts.limit ? caseLines.slice(0, opts.limit) : caseLines;
  for (let offset = 0; offset < lines.length; offset += opts.chunk) {
    const chunk = await api("POST", `/v1/agents/${encodeURIComponent(opts.agent)}/evaluations`, {
      mode,
      trigger: "cli",
      cases: lines.slice(offset, offset + opts.chunk).join("\n"),
      ...(evalRunId ? { evalRunId } : {}),
    });
    evalRunId = chunk.evalRunId;
    results.push(...(chunk.results ?? []));
    progress(mode, Math.min(lines.length, offset + opts.chunk), lines.length, started);
  }
  const summary = await api("POST", `/v1/evaluations/${evalRunId}/finish`);
  log(`${mode}: ${summary.cases} cases from ${opts.cases} in ${((Date.now() - started) / 1000).toFixed(1)} s (pass ${evalRunId})`);
  return { ...summary, results };
}

async function runPass(mode) {
  if (caseLines) return runInlinePass(mode);
  const started = Date.now();
  let evalRunId;
  let offset = 0;
  let end = opts.limit ?? Infinity;
  let total = null;
  do {
    const limit = Math.min(opts.chunk, end - offset);
    const chunk = await api("POST", `/v1/agents/${encodeURIComponent(opts.agent)}/evaluations`, {
      mode,
      offset,
      limit,
      trigger: "cli",
      ...(evalRunId ? { evalRunId } : {}),
      ...(opts.tag ? { tag: opts.tag } : {}),
    });
    evalRunId = chunk.evalRunId;
    total = chunk.total;
    end = Math.min(end, total);
    offset += chunk.processed;
    progress(mode, offset, end, started);
    if (chunk.processed === 0) break;
  } while (offset < end);
  if (total === 0) throw new Error(opts.tag ? `no case is tagged "${opts.tag}"` : "the evaluation set is empty");
  const summary = await api("POST", `/v1/evaluations/${evalRunId}/finish`);
  log(`${mode}: ${summary.cases} cases in ${((Date.now() - started) / 1000).toFixed(1)} s (pass ${evalRunId})`);
  return summary;
}

// ---- formatting -----------------------------------------------------------------------------

const pct = (x, d = 1) => (x === null || x === undefined ? "n/a" : `${(x * 100).toFixed(d)}%`);
const ms = (x) => (x === null || x === undefined ? "n/a" : `${Math.round(x)} ms`);
const usd = (micro) => (micro === null || micro === undefined ? "n/a" : `$${(micro / 1e6).toFixed(micro < 1e6 ? 6 : 4)}`);
const int = (n) => Number(n).toLocaleString("en-US");
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const money = (cents) => (cents === null || cents === undefined ? "?" : `$${(cents / 100).toFixed(2)}`);

function shortAnswer(a) {
  if (!a) return "(no answer)";
  if (a.error) return `${a.status ?? 422} ${a.error}`;
  const amount = a.approvedAmountCents === null || a.approvedAmountCents === undefined ? "" : ` ${money(a.approvedAmountCents)}`;
  return `${a.decision}${amount}${a.codes?.length ? ` [${a.codes.join(",")}]` : ""}`;
}

const shortTier = (m) => m.replace(/^local\/expense-classifier-/, "").replace(/^[^/]+\//, "");

/** One line: why the case failed (expected vs actual, the differences first). */
function reason(f) {
  if (f.error) return f.error;
  const e = f.expected;
  const a = f.actual;
  if (!a) return "no answer";
  if (e.error || a.error) return `expected ${shortAnswer(e)}, got ${shortAnswer(a)}`;
  // The agent's own account of the difference, in its outcome's field names.
  if (f.differences?.length) return f.differences.join("; ");
  const parts = [];
  if (e.decision !== a.decision) parts.push(`decision ${a.decision} (expected ${e.decision})`);
  const extra = (a.codes ?? []).filter((c) => !(e.codes ?? []).includes(c));
  const missing = (e.codes ?? []).filter((c) => !(a.codes ?? []).includes(c));
  if (extra.length) parts.push(`+${extra.join(" +")}`);
  if (missing.length) parts.push(`-${missing.join(" -")}`);
  if (e.approvedAmountCents !== a.approvedAmountCents) parts.push(`amount ${money(a.approvedAmountCents)} (expected ${money(e.approvedAmountCents)})`);
  for (const m of f.items ?? []) {
    if (!m.actual) {
      parts.push(`item ${m.index + 1} missing`);
      continue;
    }
    const d = [];
    if (m.expected.category !== m.actual.category) d.push(`category ${m.actual.category} (expected ${m.expected.category})`);
    if (m.expected.verdict !== m.actual.verdict) d.push(`${m.actual.verdict} (expected ${m.expected.verdict})`);
    if (m.expected.approvedCents !== m.actual.approvedCents) d.push(`${money(m.actual.approvedCents)} (expected ${money(m.expected.approvedCents)})`);
    const ec = [...m.expected.codes].sort().join(",");
    const ac = [...m.actual.codes].sort().join(",");
    if (ec !== ac) d.push(`codes [${ac}] (expected [${ec}])`);
    parts.push(`item ${m.index + 1}: ${d.join(", ")}`);
  }
  if ((f.itemMismatches ?? 0) > (f.items ?? []).length) parts.push(`+${f.itemMismatches - f.items.length} more item(s)`);
  return parts.join("; ");
}

function printSummary(s) {
  const out = [];
  const p = (line = "") => out.push(line);
  const n = s.cases;
  const count = (acc) => (acc === null ? "" : `(${Math.round(acc * n)}/${n})`);
  p(`Evaluation of ${s.agent} ${s.agentVersion}, mode ${s.mode} (${s.tiers.length ? s.tiers.join(" -> ") : "agent default"}): ${n} cases, pass ${s.evalRunId}`);
  p();
  p(`  decision accuracy          ${lpad(pct(s.decisionAccuracy), 7)}  ${count(s.decisionAccuracy)}`);
  p(`  exact-outcome accuracy     ${lpad(pct(s.exactAccuracy), 7)}  ${count(s.exactAccuracy)}`);
  p(`  per-item accuracy (strict) ${lpad(pct(s.itemAccuracy), 7)}  ${count(s.itemAccuracy)}  cases with every item right; items ${pct(s.items.accuracy)} (${s.items.correct}/${s.items.total}), categories ${pct(s.items.categoryAccuracy)}`);
  p(`  cost                       ${usd(s.costMicroUsd)} total (${int(s.costMicroUsd)} micro-USD), ${usd(Math.round(s.costPerCaseMicroUsd ?? 0))} per case`);
  p(`  latency per case           p50 ${ms(s.p50Ms)}, p95 ${ms(s.p95Ms)}  (run wall time)`);
  p(`  model calls                ${int(s.modelCalls)}`);
  p(`  cascade escalation rate    ${s.escalationRate === null ? "n/a (single tier)" : `${pct(s.escalationRate)}  (${s.escalatedDecisions}/${s.cascadeDecisions} classifications went to the strong tier)`}`);
  p(`  cases without an answer    ${s.errors}  (run failed or stopped without an outcome/proposal; scored wrong)`);
  p();
  p(`  ${pad("code", 22)} ${lpad("precision", 9)} ${lpad("recall", 8)} ${lpad("tp", 5)} ${lpad("fp", 5)} ${lpad("fn", 5)}`);
  if (Object.keys(s.byCode).length === 0) p("  (no code expected or emitted)");
  for (const [code, c] of Object.entries(s.byCode)) {
    p(`  ${pad(code, 22)} ${lpad(pct(c.precision), 9)} ${lpad(pct(c.recall), 8)} ${lpad(c.tp, 5)} ${lpad(c.fp, 5)} ${lpad(c.fn, 5)}`);
  }
  p();
  const tags = Object.entries(s.byTag).sort(([ta, a], [tb, b]) => (a.exactAccuracy ?? 0) - (b.exactAccuracy ?? 0) || b.cases - a.cases || ta.localeCompare(tb));
  p(`  ${pad("tag (worst first)", 26)} ${lpad("cases", 5)} ${lpad("exact", 8)}`);
  for (const [tag, t] of tags) p(`  ${pad(tag, 26)} ${lpad(t.cases, 5)} ${lpad(pct(t.exactAccuracy), 8)}`);
  p();
  const wrong = s.failures.filter((f) => !f.exact);
  const itemsOnly = s.failures.filter((f) => f.exact);
  p(`  failing cases: ${wrong.length} with a wrong outcome, ${itemsOnly.length} with only an item wrong`);
  if (s.failures.length) {
    const w = Math.min(44, Math.max(...s.failures.map((f) => f.id.length)));
    p(`  ${pad("id", w)}  ${pad("expected", 34)}  ${pad("actual", 34)}  why`);
    for (const f of [...wrong, ...itemsOnly]) {
      p(`  ${pad(f.id, w)}  ${pad(shortAnswer(f.expected), 34)}  ${pad(f.exact ? "(outcome right)" : shortAnswer(f.actual), 34)}  ${reason(f)}`);
    }
  }
  return out.join("\n");
}

/** One line per case of a --cases file: id, run status, match, and the outcome (or proposal) in short. */
function printCaseReports(results) {
  const w = Math.min(44, Math.max(4, ...results.map((r) => r.id.length)));
  const brief = (v) => (v === null || v === undefined ? "-" : JSON.stringify(v).slice(0, 160));
  const out = [`Cases (${results.length}):`, `  ${pad("id", w)}  ${pad("status", 18)}  ${pad("match", 5)}  outcome (or proposal)`];
  for (const r of results) {
    out.push(`  ${pad(r.id, w)}  ${pad(r.status ?? r.error ?? "-", 18)}  ${pad(r.exact ? "yes" : "no", 5)}  ${brief(r.outcome ?? r.proposal)}`);
    if (!r.exact && r.differences?.length) out.push(`  ${pad("", w)}  ${r.differences.join("; ")}`);
  }
  return out.join("\n");
}

function printComparison(byMode) {
  const out = [];
  const p = (line = "") => out.push(line);
  const any = byMode.cascade ?? byMode.strong ?? byMode.cheap;
  p(`Model comparison on the same ${any.cases} cases`);
  p();
  p(`  ${pad("mode", 8)} ${pad("tiers", 14)} ${lpad("exact", 7)} ${lpad("decision", 8)} ${lpad("items", 7)} ${lpad("failing", 7)} ${lpad("total cost", 12)} ${lpad("per case", 10)} ${lpad("p50", 7)} ${lpad("p95", 7)} ${lpad("escalation", 10)}`);
  for (const mode of ["cheap", "strong", "cascade"]) {
    const s = byMode[mode];
    if (!s) continue;
    p(
      `  ${pad(mode, 8)} ${pad(s.tiers.map(shortTier).join("->"), 14)} ${lpad(pct(s.exactAccuracy), 7)} ${lpad(pct(s.decisionAccuracy), 8)} ${lpad(pct(s.itemAccuracy), 7)} ${lpad(s.failing, 7)} ${lpad(usd(s.costMicroUsd), 12)} ${lpad(usd(Math.round(s.costPerCaseMicroUsd ?? 0)), 10)} ${lpad(ms(s.p50Ms), 7)} ${lpad(ms(s.p95Ms), 7)} ${lpad(s.escalationRate === null ? "-" : pct(s.escalationRate), 10)}`,
    );
  }
  const saving = costSaving(byMode);
  if (saving !== null) {
    const delta = (byMode.cascade.exactAccuracy - byMode.strong.exactAccuracy) * 100;
    p();
    p(`  cascade vs strong-only: ${saving >= 0 ? "saves" : "costs"} ${Math.abs(saving * 100).toFixed(1)}% of the cost (${usd(byMode.cascade.costMicroUsd)} vs ${usd(byMode.strong.costMicroUsd)}), exact accuracy ${delta >= 0 ? "+" : ""}${delta.toFixed(1)} pp`);
  }
  return out.join("\n");
}

function costSaving(byMode) {
  const { cascade, strong } = byMode;
  if (!cascade || !strong || !strong.costMicroUsd) return null;
  return (strong.costMicroUsd - cascade.costMicroUsd) / strong.costMicroUsd;
}

const modeFigures = (s) => ({
  evalRunId: s.evalRunId,
  cases: s.cases,
  exactAccuracy: s.exactAccuracy,
  decisionAccuracy: s.decisionAccuracy,
  itemAccuracy: s.itemAccuracy,
  costMicroUsd: s.costMicroUsd,
  p50Ms: s.p50Ms,
  p95Ms: s.p95Ms,
  failing: s.failing,
  ...(s.escalationRate !== null ? { escalationRate: s.escalationRate } : {}),
});

// ---- main -------------------------------------------------------------------------------------

async function main() {
  BASE = opts.url ?? (await startWrangler());
  const modes = opts.compare ? ["cheap", "strong", "cascade"] : [opts.mode];
  const byMode = {};
  for (const mode of modes) byMode[mode] = await runPass(mode);
  const top = opts.compare ? byMode.cascade : byMode[opts.mode];

  if (opts.json) {
    const result = {
      agent: top.agent,
      agentVersion: top.agentVersion,
      evalRunId: top.evalRunId,
      mode: top.mode,
      tiers: top.tiers,
      cases: top.cases,
      exactAccuracy: top.exactAccuracy,
      decisionAccuracy: top.decisionAccuracy,
      itemAccuracy: top.itemAccuracy,
      items: top.items,
      byTag: top.byTag,
      byCode: top.byCode,
      costMicroUsd: top.costMicroUsd,
      p50Ms: top.p50Ms,
      p95Ms: top.p95Ms,
      escalationRate: top.escalationRate,
      errors: top.errors,
      failing: top.failing,
      failures: top.failures,
      ...(top.results ? { results: top.results } : {}),
      ...(opts.compare
        ? { modes: Object.fromEntries(["cheap", "strong", "cascade"].map((m) => [m, modeFigures(byMode[m])])), cascadeCostSavingVsStrong: costSaving(byMode) }
        : {}),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    if (opts.compare) {
      // The cascade (the agent's real configuration) in full; the single tiers in short.
      console.log(printSummary(byMode.cascade));
      console.log();
      console.log(printComparison(byMode));
      for (const m of ["cheap", "strong"]) {
        const s = byMode[m];
        console.log();
        console.log(`Failing cases in ${m} mode (${s.failing} wrong outcome, ${s.failingItemsOnly} item only): ${s.failures.map((f) => f.id).join(", ") || "none"}`);
      }
    } else console.log(printSummary(top));
    if (top.results) console.log(`\n${printCaseReports(top.results)}`);
  }

  let failed = false;
  if (opts.minExact !== null && !(top.exactAccuracy >= opts.minExact)) {
    log(`exact-outcome accuracy ${pct(top.exactAccuracy, 2)} is below --min-exact ${pct(opts.minExact, 2)}`);
    failed = true;
  }
  if (opts.minDecision !== null && !(top.decisionAccuracy >= opts.minDecision)) {
    log(`decision accuracy ${pct(top.decisionAccuracy, 2)} is below --min-decision ${pct(opts.minDecision, 2)}`);
    failed = true;
  }
  return failed ? 1 : 0;
}

const watchdog = setTimeout(async () => {
  log(`watchdog: still running after ${HARD_LIMIT_MS / 60_000} min; stopping`);
  await stopWrangler();
  process.exit(3);
}, HARD_LIMIT_MS);
watchdog.unref();

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    log(`${sig}: stopping`);
    await stopWrangler();
    process.exit(130);
  });
}

let code = 0;
try {
  code = await main();
} catch (error) {
  log(`failed: ${error.message}`);
  code = 2;
} finally {
  await stopWrangler();
  clearTimeout(watchdog);
}
process.exit(code);
