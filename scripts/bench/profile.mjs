// `npm run bench -- --profile` (section 13): a V8 CPU profile of workerd while it serves
// engine runs under load, read through wrangler dev's inspector (Chrome DevTools protocol,
// `Profiler.start` / `Profiler.stop`), so the breakdown shows where the isolate's own CPU
// time goes by source module of the bundle and by function.
//
// The bench serves one esbuild bundle (`wrangler deploy --dry-run`), which marks each
// module it inlines with a `// path/to/module.ts` line; a sample's line number maps back to
// the module it came from. Samples outside the bundle are platform: the runtime's own
// built-ins (`(program)`, `(garbage collector)`, native calls) and idle.
import fs from "node:fs";

/** The bundle's module boundaries: `[{ line, module }]` sorted by line (0-based, as V8 reports). */
export function bundleModules(bundleFile) {
  const lines = fs.readFileSync(bundleFile, "utf8").split("\n");
  const out = [];
  lines.forEach((text, line) => {
    // `// ../../src/x.ts` for the project and its libraries; `// worker.ts` for the bench entry's own folder.
    const m = text.match(/^\/\/ ((?:\.\.\/)*[\w@.-]+(?:\/[\w@.-]+)*\.(?:ts|js|mjs|cjs|json))$/);
    if (m) out.push({ line, module: m[1].includes("/") ? m[1].replace(/^(\.\.\/)+/, "") : `scripts/bench/${m[1]}` });
  });
  return out;
}

function moduleAt(modules, line) {
  let lo = 0;
  let hi = modules.length - 1;
  let found = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (modules[mid].line <= line) {
      found = modules[mid].module;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** What a module is, for the summary: the engine's folders, a library, or the bench itself. */
export function groupOf(module) {
  if (!module) return "platform";
  const lib = module.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (lib) return `lib ${lib[1]}`;
  const src = module.match(/^src\/([^/]+)(?:\/([^/]+))?/);
  if (src) return src[2] && !src[2].includes(".") ? `src/${src[1]}/${src[2]}` : `src/${src[1]}`;
  return module.startsWith("scripts/") ? "bench harness" : module;
}

/** Rejects after `ms`: the inspector can stop answering (the bench then reports the section as failed, it never hangs). */
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms)))]).finally(() => clearTimeout(timer));
}

async function connect(inspectorPort) {
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`, { signal: AbortSignal.timeout(10_000) })).json();
  const target = targets.find((t) => t.webSocketDebuggerUrl) ?? null;
  if (!target) throw new Error(`the inspector on ${inspectorPort} lists no target`);
  // wrangler's inspector proxy wants an allowed Origin (as DevTools sends); Node's WebSocket takes headers here.
  const ws = new WebSocket(target.webSocketDebuggerUrl, { headers: { Origin: "http://localhost" } });
  await withTimeout(new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", (e) => reject(new Error(`the inspector's WebSocket ${target.webSocketDebuggerUrl} did not open: ${e?.message ?? e?.error ?? e} (targets: ${JSON.stringify(targets).slice(0, 400)})`)), { once: true });
  }), 10_000, "the inspector's WebSocket");
  let id = 0;
  const pending = new Map();
  ws.addEventListener("message", (e) => {
    const msg = JSON.parse(String(e.data));
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(`${msg.error.message} (${msg.error.code})`));
      else resolve(msg.result);
    }
  });
  const send = (method, params = {}) =>
    withTimeout(
      new Promise((resolve, reject) => {
        pending.set(++id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params }));
      }),
      60_000,
      `inspector ${method}`,
    );
  return { send, close: () => ws.close() };
}

/** Starts sampling every `intervalUs`; `stop()` returns the profile. */
export async function startProfile(inspectorPort, intervalUs = 200) {
  const session = await connect(inspectorPort);
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: intervalUs });
  await session.send("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.send("Profiler.stop");
      await session.send("Profiler.disable").catch(() => {});
      session.close();
      return profile;
    },
  };
}

/**
 * Self time per group and per function. `(idle)` is dropped: it is time the isolate
 * waited (on storage, the network, the other core), not CPU it spent.
 */
export function summarizeProfile(profile, modules, runs) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0; // a sample's time is the gap to the next one
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  }
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inBundleFrame = (f) => Boolean(f.url) && f.url.endsWith(".js") && f.lineNumber >= 0 && !f.url.startsWith("node:") && !f.url.includes("cloudflare");
  const label = (f) => `${f.functionName || "(anonymous)"} ${moduleAt(modules, f.lineNumber)}:${f.lineNumber + 1}`;
  /** The nearest bundle function above a native frame: who asked the runtime for that work. */
  const callerOf = (nodeId) => {
    for (let id = parent.get(nodeId); id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      if (inBundleFrame(f)) return label(f);
    }
    return "(no bundle caller)";
  };
  const groups = new Map();
  const functions = new Map();
  const nativeCallers = new Map();
  let totalUs = 0;
  let idleUs = 0;
  for (const [nodeId, us] of selfUs) {
    const node = byId.get(nodeId);
    const f = node.callFrame;
    if (f.functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    totalUs += us;
    const inBundle = inBundleFrame(f);
    const module = inBundle ? moduleAt(modules, f.lineNumber) : null;
    const group = module ? groupOf(module) : f.functionName.startsWith("(") ? f.functionName : "platform (built-ins)";
    groups.set(group, (groups.get(group) ?? 0) + us);
    const name = `${f.functionName || "(anonymous)"} ${module ?? (f.url || "native")}${inBundle ? `:${f.lineNumber + 1}` : ""}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    if (!inBundle && !f.functionName.startsWith("(")) {
      const key = `${f.functionName || "(anonymous)"} <- ${callerOf(nodeId)}`;
      nativeCallers.set(key, (nativeCallers.get(key) ?? 0) + us);
    }
  }
  const perRun = (us) => (runs > 0 ? us / 1000 / runs : null);
  const rows = (m, n) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: us / 1000, msPerRun: perRun(us), share: totalUs > 0 ? us / totalUs : 0 }));
  return {
    runs,
    sampledMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    msPerRun: perRun(totalUs),
    groups: rows(groups, 40),
    functions: rows(functions, 30),
    nativeByCaller: rows(nativeCallers, 30),
  };
}

export function reportProfile(p) {
  const out = [];
  const pct = (x) => `${(x * 100).toFixed(1).padStart(5)} %`;
  const ms = (x) => (x === null ? "-" : x.toFixed(2).padStart(6));
  for (const [label, prof] of Object.entries(p.lines)) {
    if (prof.error) {
      out.push(`  ${label}: not profiled (${prof.error})`);
      continue;
    }
    out.push(`  ${label}: ${prof.runs} runs, ${prof.sampledMs.toFixed(0)} ms of isolate CPU sampled (${ms(prof.msPerRun)} ms per run), ${prof.idleMs.toFixed(0)} ms idle`);
    out.push("    by group (self time)                         ms/run   share");
    for (const g of prof.groups.filter((x) => x.share >= 0.005)) out.push(`      ${g.name.padEnd(44)} ${ms(g.msPerRun)} ${pct(g.share)}`);
    out.push("    hottest functions (self time)");
    for (const f of prof.functions.slice(0, 15)) out.push(`      ${ms(f.msPerRun)} ms/run ${pct(f.share)}  ${f.name.slice(0, 90)}`);
    out.push("    runtime built-ins by the bundle function that called them");
    for (const f of prof.nativeByCaller.slice(0, 15)) out.push(`      ${ms(f.msPerRun)} ms/run ${pct(f.share)}  ${f.name.slice(0, 110)}`);
  }
  return out;
}

/** Profiles each line: `lines` maps a label to `() => pool(...)`'s promise of `{ samples }`. */
export async function profilePhase({ inspectorPort, bundleFile, log, lines, intervalUs = 200 }) {
  const modules = bundleModules(bundleFile);
  const out = {};
  for (const [label, run] of Object.entries(lines)) {
    log(`profile: ${label}`);
    let profiler;
    try {
      profiler = await startProfile(inspectorPort, intervalUs);
    } catch (error) {
      // Measured nothing: say why and go on (the bench measures, it never fails on a tool).
      log(`profile: ${label}: ${error?.message ?? error}`);
      out[label] = { error: String(error?.message ?? error) };
      continue;
    }
    const result = await run();
    let profile;
    try {
      profile = await profiler.stop();
    } catch (error) {
      out[label] = { error: String(error?.message ?? error) };
      continue;
    }
    if (process.env.BENCH_PROFILE_DUMP) fs.writeFileSync(`${process.env.BENCH_PROFILE_DUMP}-${Object.keys(out).length}.cpuprofile`, JSON.stringify(profile));
    const ok = result.samples.filter((s) => s.ok).length;
    out[label] = summarizeProfile(profile, modules, ok);
  }
  return { intervalUs, modules: modules.length, lines: out };
}
