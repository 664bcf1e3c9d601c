// Section 12 of `npm run bench`: where each millisecond of a run goes (issue 17).
//
// workerd's clock stands still during CPU work, so phase timers inside the run
// object cannot measure CPU. This section measures ablations instead (see
// scripts/bench/ablation.ts): the bare baseline (5 committed steps in a SQLite
// Durable Object) with one platform ingredient of the engine's run added at a
// time, each line in interleaved blocks at the bench's concurrency, beside the
// engine itself over RPC and over HTTP. An ingredient's cost is its line minus
// the bare line: runtime-workerd CPU per run (from /proc, as sections 1-2) and
// the client's p50 latency. Two "twins" (the bare run with every ingredient
// the engine's RPC / HTTP run has) show what the platform costs in total;
// the engine minus its twin is the engine's own code.

const STEPS = 5;

/** What each ingredient is, and whether the platform imposes it or the engine chose it. */
const VERDICTS = {
  admissionRoundTrips: { kind: "platform floor", why: "two Durable Object round trips per run (admit, release) with nothing behind them: the price of one exact coordination point per agent" },
  guardWork: { kind: "engine choice", why: "the guard's own SQLite work per admit + release, above the bare round trips (could be made cheaper or batched)" },
  release: { kind: "engine choice", why: "already after the reply; costs CPU, not latency (could be batched per guard or folded into another call)" },
  budgetRoundTrip: { kind: "platform floor", why: "per model call one reserve round trip is needed for a budget that never overshoots" },
  budgetSettle: { kind: "engine choice", why: "the second (settle) round trip per model call could be deferred/batched: what halving the budget RPCs saves" },
  history: { kind: "engine choice", why: "one D1 batch per run after the reply (could be batched across runs or queued; some D1 write is the floor while history lives in D1)" },
  alarm: { kind: "engine choice", why: "lease set before the first step, deleted at rest: removable for runs that finish inline" },
  httpRoute: { kind: "platform floor", why: "a router, URL parse and JSON reply in the Worker (the minimal Hono route)" },
  authLookup: { kind: "engine choice", why: "a D1 key lookup on every request, by design (revocation takes effect at once); a short per-isolate cache would remove it" },
};

const num = (x) => (x === null || x === undefined || Number.isNaN(x) ? null : x);
const sub = (a, b) => (num(a) === null || num(b) === null ? null : a - b);
const add = (...xs) => (xs.some((x) => num(x) === null) ? null : xs.reduce((s, x) => s + x, 0));

/** The lines, each one task; `with` names ablation ingredients (scripts/bench/ablation.ts). */
function lines({ request, directRun, engineRun }) {
  const ablation = (route, withList, auth = 0) => async () => {
    const q = `steps=${STEPS}&with=${withList}${route === "ablation-http" ? `&auth=${auth}` : ""}`;
    const r = await request("POST", `/bench/${route}?${q}`);
    if (r.status !== 200 || r.json?.steps !== STEPS) return { ok: false, error: `HTTP ${r.status} ${r.text?.slice(0, 160)}` };
    return { ok: true, wallMs: r.json.doMs };
  };
  return {
    bare: { label: "bare DO, 5 committed steps", task: ablation("ablation", "") },
    admission: { label: "+ admission: guard admit (Worker) + release (object, after reply)", task: ablation("ablation", "admit,release") },
    admissionNoop: { label: "+ the same two round trips to a no-op object", task: ablation("ablation", "admit,release,noop") },
    release: { label: "+ release only (what an RPC-submitted engine run does)", task: ablation("ablation", "release") },
    budget: { label: "+ budget: guard reserve + settle per step (10 RPCs)", task: ablation("ablation", "budget") },
    budgetNoop: { label: "+ the same 10 round trips to a no-op object", task: ablation("ablation", "budget,noop") },
    history: { label: "+ history: one D1 batch, run row + 5 step rows (D1HistorySink)", task: ablation("ablation", "history") },
    alarm: { label: "+ alarm: getAlarm + setAlarm at start, deleteAlarm after reply", task: ablation("ablation", "alarm") },
    httpRoute: { label: "+ HTTP: minimal Hono route, no auth", task: ablation("ablation-http", "", 0) },
    httpAuth: { label: "+ HTTP: minimal Hono route + bearer key lookup in D1", task: ablation("ablation-http", "", 1) },
    twinRpc: { label: "twin of the engine over RPC: release + history + alarm", task: ablation("ablation", "release,history,alarm") },
    twinHttp: { label: "twin of the engine over HTTP: + admit + Hono + auth", task: ablation("ablation-http", "admit,release,history,alarm", 1) },
    engineRpc: { label: "engine over RPC (echo-steps, /bench/engine-direct)", task: () => directRun(STEPS, 0) },
    engineHttp: { label: "engine over HTTP (POST /v1/agents/echo-steps/runs, Prefer: wait)", task: () => engineRun({ steps: STEPS, effectEvery: 0 }) },
  };
}

/** CPU per completed run in each block: its spread is this line's noise. */
function blockCpu(blocks) {
  const per = blocks.map((b) => {
    const ok = b.samples.filter((s) => s.ok).length;
    return ok ? b.cpu.runtime / ok : null;
  }).filter((x) => x !== null);
  const mean = per.length ? per.reduce((s, x) => s + x, 0) / per.length : null;
  // Standard error of the block means (blocks are the independent samples).
  const sd = per.length > 1 ? Math.sqrt(per.reduce((s, x) => s + (x - mean) ** 2, 0) / (per.length - 1)) : null;
  return { perBlock: per, stderr: sd === null ? null : sd / Math.sqrt(per.length) };
}

/**
 * `measuredBlock(n, concurrency, task, budgetMs)` and `summarizeBlocks(name, blocks, concurrency)` are the
 * throughput section's: CPU from /proc per block, the client's latency per run.
 */
export async function breakdownPhase({ request, log, noteErrors, pool, measuredBlock, summarizeBlocks, sleep, directRun, engineRun, concurrency, quick }) {
  const rounds = quick ? 3 : 4;
  const runsPerLine = quick ? 120 : 480;
  const warmup = quick ? 10 : 30;
  // Per block; 14 lines x rounds blocks, so the cap keeps the section under ~4 minutes on a loaded machine.
  const budgetMs = 4_000;
  const defs = lines({ request, directRun, engineRun });
  const tailsBefore = (await request("GET", "/bench/ablation-tails")).json;
  log(`breakdown: warm-up ${warmup} runs of each of ${Object.keys(defs).length} lines, concurrency ${concurrency}`);
  for (const [key, d] of Object.entries(defs)) noteErrors(`12 warm-up ${key}`, (await pool(warmup, concurrency, d.task)).samples);
  await sleep(500);
  const blocks = Object.fromEntries(Object.keys(defs).map((k) => [k, []]));
  const order = Object.keys(defs);
  const perBlock = Math.ceil(runsPerLine / rounds);
  for (let r = 0; r < rounds; r++) {
    const seq = r % 2 === 0 ? order : [...order].reverse();
    log(`breakdown round ${r + 1}/${rounds}: ${perBlock} runs of each line, concurrency ${concurrency}`);
    for (const key of seq) {
      const block = await measuredBlock(perBlock, concurrency, defs[key].task, budgetMs);
      noteErrors(`12 breakdown ${key}`, block.samples);
      blocks[key].push(block);
      await sleep(200); // let after-reply work (history, release) of the block finish before the next one
    }
  }
  await sleep(500);
  const tailsAfter = (await request("GET", "/bench/ablation-tails")).json;

  const out = {};
  for (const [key, d] of Object.entries(defs)) {
    const s = summarizeBlocks(d.label, blocks[key], concurrency);
    const b = blockCpu(blocks[key]);
    out[key] = {
      label: d.label,
      completed: s.completed,
      failed: s.failed,
      runsPerS: s.runsPerS,
      cpuMsPerRun: s.cpuMsPerRun.runtime,
      cpuMsPerRunStderr: b.stderr,
      cpuMsPerRunBlocks: b.perBlock,
      latencyP50Ms: s.latencyMs.p50,
      latencyP95Ms: s.latencyMs.p95,
      insideP50Ms: s.serverWallMs.p50,
      otherProcessesCores: s.otherProcessesCores,
      runtimeCores: s.runtimeCores,
    };
  }
  const L = out;
  /** An ingredient: line a minus line b, in CPU per run (with its noise) and client p50 latency. */
  const delta = (a, b, per = 1) => ({
    cpuMsPerRun: num(sub(L[a].cpuMsPerRun, L[b].cpuMsPerRun)) === null ? null : sub(L[a].cpuMsPerRun, L[b].cpuMsPerRun) / per,
    cpuNoiseMs: L[a].cpuMsPerRunStderr === null || L[b].cpuMsPerRunStderr === null ? null : Math.hypot(L[a].cpuMsPerRunStderr, L[b].cpuMsPerRunStderr) / per,
    latencyP50Ms: num(sub(L[a].latencyP50Ms, L[b].latencyP50Ms)) === null ? null : sub(L[a].latencyP50Ms, L[b].latencyP50Ms) / per,
    of: `${a} - ${b}${per === 1 ? "" : ` per step (/${per})`}`,
  });
  const ingredients = {
    admission: { ...delta("admission", "bare"), label: "admission (admit + release at the guard)" },
    admissionRoundTrips: { ...delta("admissionNoop", "bare"), label: "  of which: the two round trips alone", ...VERDICTS.admissionRoundTrips },
    guardWork: { ...delta("admission", "admissionNoop"), label: "  of which: the guard's own work", ...VERDICTS.guardWork },
    release: { ...delta("release", "bare"), label: "release only (after the reply)", ...VERDICTS.release },
    budgetPerStep: { ...delta("budget", "bare", STEPS), label: "budget reserve + settle, per model-call step" },
    budgetRoundTrip: { ...delta("budgetNoop", "bare", 2 * STEPS), label: "  one budget round trip alone (per call)", ...VERDICTS.budgetRoundTrip },
    budgetSettle: { ...delta("budget", "bare", 2 * STEPS), label: "  halving: one guard call fewer per step saves", ...VERDICTS.budgetSettle },
    history: { ...delta("history", "bare"), label: "history (one D1 batch per run)", ...VERDICTS.history },
    alarm: { ...delta("alarm", "bare"), label: "alarm (lease set + delete)", ...VERDICTS.alarm },
    httpRoute: { ...delta("httpRoute", "bare"), label: "HTTP: a minimal Hono route", ...VERDICTS.httpRoute },
    authLookup: { ...delta("httpAuth", "httpRoute"), label: "HTTP: bearer key lookup in D1", ...VERDICTS.authLookup },
  };
  const I = ingredients;
  const cpuOf = (...keys) => add(...keys.map((k) => I[k].cpuMsPerRun));
  const latOf = (...keys) => add(...keys.map((k) => I[k].latencyP50Ms));
  /** The engine line against the bare run: the ingredients it has, summed; its twin, measured; the rest is the engine's code. */
  const account = (engine, twin, keys) => {
    const gap = delta(engine, "bare");
    const twinGap = delta(twin, "bare");
    return {
      ingredients: keys,
      engineCpuGapMs: gap.cpuMsPerRun,
      sumOfIngredientsCpuMs: cpuOf(...keys),
      twinCpuGapMs: twinGap.cpuMsPerRun,
      engineCodeCpuMs: sub(gap.cpuMsPerRun, twinGap.cpuMsPerRun),
      engineLatencyGapMs: gap.latencyP50Ms,
      sumOfIngredientsLatencyMs: latOf(...keys),
      twinLatencyGapMs: twinGap.latencyP50Ms,
      engineCodeLatencyMs: sub(gap.latencyP50Ms, twinGap.latencyP50Ms),
      throughputRatioEngine: L[engine].runsPerS / L.bare.runsPerS,
      throughputRatioTwin: L[twin].runsPerS / L.bare.runsPerS,
      cpuRatioEngine: L[engine].cpuMsPerRun / L.bare.cpuMsPerRun,
      cpuRatioTwin: L[twin].cpuMsPerRun / L.bare.cpuMsPerRun,
    };
  };
  const engine = {
    rpc: account("engineRpc", "twinRpc", ["release", "history", "alarm"]),
    http: account("engineHttp", "twinHttp", ["admission", "history", "alarm", "httpRoute", "authLookup"]),
  };
  const tails = tailsBefore && tailsAfter ? { done: tailsAfter.done - tailsBefore.done, failed: tailsAfter.failed - tailsBefore.failed, lastError: tailsAfter.lastError } : null;
  if (tails?.failed) noteErrors("12 breakdown after-reply work", [{ ok: false, error: `${tails.failed} tails failed: ${tails.lastError}` }]);
  return {
    steps: STEPS,
    concurrency,
    runsPerLine,
    rounds,
    lines: out,
    // Flat ms figures (CPU per run of the runtime workerd) for tools reading --json.
    ms: Object.fromEntries(Object.entries(ingredients).map(([k, v]) => [k, v.cpuMsPerRun])),
    ingredients,
    engine,
    tails,
    otherProcessesCoresMax: Math.max(...Object.values(out).map((x) => x.otherProcessesCores ?? 0)),
  };
}

export function reportBreakdown(p, b, { fmt, fmtMs }) {
  const ms = (x, d = 2) => (x === null || x === undefined ? "n/a" : `${x >= 0 ? "+" : ""}${fmt(x, d)} ms`);
  p("");
  p(`12. WHERE A RUN'S MILLISECONDS GO  (ablations: the bare ${b.steps}-step DO plus one ingredient at a time; ${b.runsPerLine} runs per line in ${b.rounds}`);
  p(`    interleaved blocks at concurrency ${b.concurrency}; CPU = runtime workerd per completed run from /proc, +-1 standard error over blocks;`);
  p("    latency = client's p50 at that concurrency; workerd's clock stands still during CPU work, so no in-object timers)");
  p("  line                                                                   runs/s   CPU/run            p50 latency");
  for (const x of Object.values(b.lines)) {
    p(`  ${x.label.padEnd(70)} ${fmt(x.runsPerS, 0).padStart(6)}   ${`${fmtMs(x.cpuMsPerRun, 2)} +-${fmt(x.cpuMsPerRunStderr, 2)}`.padEnd(18)} ${fmtMs(x.latencyP50Ms)}${x.failed ? `  (failed ${x.failed})` : ""}`);
  }
  p("  ingredient (line minus line)                       CPU per run         p50 latency   verdict");
  for (const x of Object.values(b.ingredients)) {
    const noise = x.cpuNoiseMs === null ? "" : ` +-${fmt(x.cpuNoiseMs, 2)}`;
    p(`  ${x.label.padEnd(50)} ${`${ms(x.cpuMsPerRun)}${noise}`.padEnd(19)} ${ms(x.latencyP50Ms, 1).padEnd(13)} ${x.kind ? `${x.kind}: ${x.why}` : ""}`);
  }
  for (const [name, e] of [["RPC", b.engine.rpc], ["HTTP", b.engine.http]]) {
    p(`  engine over ${name} vs bare: CPU ${ms(e.engineCpuGapMs)} per run (ratio ${fmt(e.cpuRatioEngine, 2)}, runs/s ratio ${fmt(e.throughputRatioEngine, 2)}); latency p50 ${ms(e.engineLatencyGapMs, 1)}`);
    p(`    platform ingredients (${e.ingredients.join(" + ")}): sum ${ms(e.sumOfIngredientsCpuMs)} CPU, ${ms(e.sumOfIngredientsLatencyMs, 1)} latency;`);
    p(`    measured together (twin): ${ms(e.twinCpuGapMs)} CPU (ratio ${fmt(e.cpuRatioTwin, 2)}, runs/s ratio ${fmt(e.throughputRatioTwin, 2)}), ${ms(e.twinLatencyGapMs, 1)} latency`);
    p(`    -> the platform's part: a run with only these ingredients is at CPU ${fmt(e.cpuRatioTwin, 2)}x (goal <= 1.5x) and runs/s ${fmt(e.throughputRatioTwin, 2)} (goal >= 0.85) of bare`);
    p(`    unexplained = the engine's own code (engine - twin): ${ms(e.engineCodeCpuMs)} CPU per run, ${ms(e.engineCodeLatencyMs, 1)} latency`);
  }
  if (b.tails) p(`  after-reply work (history, alarm delete, release) finished for ${b.tails.done} runs, failed for ${b.tails.failed}`);
  p(`  processes outside this bench kept up to ${fmt(b.otherProcessesCoresMax, 2)} cores busy during these lines${b.otherProcessesCoresMax > 0.25 ? ": deltas under ~2 standard errors are noise" : ""}`);
}
