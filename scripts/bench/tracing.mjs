// Section 11 of `npm run bench`: the per-step cost of tracing. The same
// echo-steps runs (submitted straight to their objects, as section 3's
// direct line) with tracing off and on, interleaved, plus a local OTLP/HTTP
// sink that answers 200 and counts spans (the exporter runs in the object's
// outbox, after the run rests, so it shows in the run's wall time only if it
// delays the steps). The Worker is started with OTEL_EXPORTER_OTLP_ENDPOINT
// pointing here and OTEL_TRACES_SAMPLER_ARG=0, so the other sections stay
// untraced; `trace=1` on /bench/engine-direct traces one run.
import http from "node:http";

/** A loopback OTLP/HTTP JSON sink: counts spans, answers 200 {}. */
export async function startOtlpSink() {
  let spans = 0;
  let exports = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans += (ss.spans ?? []).length;
        exports++;
      } catch {
        // counted as nothing
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ spans, exports }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The wrangler dev flags that point the bench Worker at the sink. */
export const tracingVars = (sink) => ["--var", `OTEL_EXPORTER_OTLP_ENDPOINT:${sink.url}`, "--var", "OTEL_TRACES_SAMPLER_ARG:0"];

/**
 * `request(method, path)` is the bench's HTTP helper; `dist`/`percentile` its statistics.
 * Returns per-step wall time with tracing off and on, and `perStepOverhead` = on/off - 1 at p50.
 *
 * The ratio is small next to the noise of a shared machine, so: pairs alternate
 * which run goes first; after a traced run the bench waits until its spans have
 * reached the sink, so that run's export (after its rest) never overlaps the
 * next run of either kind; and the median of the per-pair ratios (neighbouring
 * runs share the machine's state) is reported next to the ratio of the p50s.
 */
export async function tracingPhase({ request, log, noteErrors, dist, percentile, runs, steps, sink }) {
  const off = [];
  const on = [];
  const pairRatios = [];
  log(`tracing: ${runs} runs of ${steps} steps with tracing off and ${runs} on, interleaved`);
  const before = sink.counts();
  for (let i = 0; i < runs; i++) {
    const pair = {};
    for (const traced of i % 2 === 0 ? [false, true] : [true, false]) {
      const exported = sink.counts().spans;
      const r = await request("POST", `/bench/engine-direct?steps=${steps}&effectEvery=0${traced ? "&trace=1" : ""}`);
      const ok = r.status === 200 && r.json?.status === "completed";
      noteErrors(`tracing ${traced ? "on" : "off"}`, [ok ? { ok } : { ok, error: `HTTP ${r.status} ${r.text?.slice(0, 120)}` }]);
      if (!ok) continue;
      const perStep = r.json.usage.wallMs / r.json.usage.steps;
      (traced ? on : off).push(perStep);
      pair[traced ? "on" : "off"] = perStep;
      if (traced) await spansArrived(sink, exported + steps + 1, 10_000);
    }
    if (pair.on && pair.off) pairRatios.push(pair.on / pair.off);
  }
  // Let the last outboxes deliver, to report what the sink got.
  await new Promise((r) => setTimeout(r, 1_000));
  const after = sink.counts();
  const offP50 = percentile(off, 50);
  const onP50 = percentile(on, 50);
  return {
    steps,
    runs,
    offMsPerStep: dist(off),
    onMsPerStep: dist(on),
    ratioP50: offP50 > 0 ? onP50 / offP50 : null,
    pairedRatioP50: pairRatios.length ? percentile(pairRatios, 50) : null,
    perStepOverhead: offP50 > 0 ? onP50 / offP50 - 1 : null,
    goal: "under 10% when on, 0 when off",
    spansExported: after.spans - before.spans,
    expectedSpans: runs * (1 + steps),
  };
}

/** Waits (up to `timeoutMs`) until the sink has counted `spans` spans. */
async function spansArrived(sink, spans, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (sink.counts().spans < spans && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

export function reportTracing(p, t) {
  p("");
  p(`11. tracing per-step overhead (${t.runs} + ${t.runs} echo-steps runs of ${t.steps} steps, direct RPC, OTLP/HTTP to a loopback sink)`);
  p(`    off: p50 ${t.offMsPerStep.p50?.toFixed(3) ?? "n/a"} ms per step   on: p50 ${t.onMsPerStep.p50?.toFixed(3) ?? "n/a"} ms per step`);
  p(`    ratio on/off ${t.ratioP50?.toFixed(3) ?? "n/a"} (median of paired runs ${t.pairedRatioP50?.toFixed(3) ?? "n/a"})  overhead ${t.perStepOverhead === null ? "n/a" : `${(t.perStepOverhead * 100).toFixed(1)}%`}  (goal: ${t.goal})`);
  p(`    spans exported ${t.spansExported} of ${t.expectedSpans} expected`);
}
