/**
 * Issue 15, metrics: the Prometheus text exposition of `/v1/metrics`, read
 * back with a parser of the format (parse-prometheus-text-format, prom2json's
 * output shape) and compared with the JSON metrics of the same tenant.
 *
 * That parser is lenient (it accepts an unterminated label value) and folds
 * only unlabeled histograms, so two checks stand beside it: every line must
 * also match the format's grammar (STRICT_LINE), and a histogram is read by
 * the parser one agent at a time, with its `agent` label taken off.
 */
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";
import { beforeAll, describe, expect, it } from "vitest";
import { echoStepsAgent } from "../../src/agents/echo-steps";
import { registerAgent } from "../../src/agents/registry";
import { LATENCY_BUCKETS_MS } from "../../src/guardrails/metrics";
import { PROMETHEUS_CONTENT_TYPE, renderExposition } from "../../src/observability/prometheus";
import { defineAgent } from "../../src/runtime/agent-definition";
import { call, setDeployment, startRun } from "../support/http";

// Its own agent: its counts are only this file's runs, and its breaker can be opened safely.
const AGENT = "echo-prom";
registerAgent(defineAgent({ ...echoStepsAgent, name: AGENT }));
const OPERATOR = "dev-operator-token";
const wait = { Prefer: "wait=20" };
/** What a Prometheus server sends when it scrapes. */
const PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

const FAMILIES = {
  agent_runtime_runs_total: ["COUNTER", ["agent", "status"]],
  agent_runtime_stops_total: ["COUNTER", ["agent", "reason"]],
  agent_runtime_refusals_total: ["COUNTER", ["agent"]],
  agent_runtime_escalations_total: ["COUNTER", ["agent"]],
  agent_runtime_guard_blocks_total: ["COUNTER", ["agent", "code"]],
  agent_runtime_breaker_state: ["GAUGE", ["agent", "state"]],
  agent_runtime_cost_micro_usd_total: ["COUNTER", ["agent", "kind"]],
  agent_runtime_model_calls_total: ["COUNTER", ["agent", "model"]],
  agent_runtime_run_latency_ms: ["HISTOGRAM", ["agent"]],
} as const;

let families: ParsedFamily[] = [];
let text = "";
let json: any;

// The 0.0.4 grammar: metric and label names, label values with only \\, \" and \n escapes, a float value.
const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\n]|\\\\[\\\\"n])*"`;
const VALUE = "(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]Inf|NaN)";
const STRICT_LINE = new RegExp(`^(?:# HELP ${NAME} .*|# TYPE ${NAME} (?:counter|gauge|histogram|summary|untyped)|(${NAME})(?:\\{(?:${LABEL}(?:,${LABEL})*)?\\})? ${VALUE})$`);

const family = (name: keyof typeof FAMILIES) => families.find((f) => f.name === name)!;
/** This agent's samples of a family, by the value of one label. */
const valuesBy = (name: keyof typeof FAMILIES, label: string) =>
  Object.fromEntries(family(name).metrics.filter((m) => m.labels?.agent === AGENT).map((m) => [m.labels![label], Number(m.value)]));
const single = (name: keyof typeof FAMILIES) => Number(family(name).metrics.find((m) => m.labels?.agent === AGENT)!.value);

beforeAll(async () => {
  await setDeployment(AGENT, "full", 0);
  expect((await startRun(AGENT, { steps: 2 }, wait)).body.status).toBe("completed");
  expect((await startRun(AGENT, { steps: 3, effectEvery: 1 }, wait)).body.status).toBe("completed");
  expect((await startRun(AGENT, { steps: 2, effectEvery: 0, failures: [{ step: 0, times: 1, retryable: false }] }, wait)).body.status).toBe("failed");
  expect((await startRun(AGENT, { steps: 2, effectEvery: 1, payload: "forbidden" }, wait)).body.status).toBe("waiting_for_review");
  // The escalation reaches D1 through the queue: wait for its review item.
  for (let i = 0; i < 100 && !(await reviewItemsOfAgent()); i++) await new Promise((r) => setTimeout(r, 50));
  expect((await call(`/v1/agents/${AGENT}/breaker`, { method: "POST", key: OPERATOR, json: { state: "open", reason: "scrape drill" } })).status).toBe(200);
  // A tool-calling run on the embedded tiers: its model calls are counted per model once it rests.
  const refund = { requestId: "RQ-PROM-1", customerId: "C2001", receivedAt: "2026-11-20", message: "Both blue mugs in N-10001 arrived shattered." };
  expect(["completed", "waiting_for_review"]).toContain((await startRun("refund-requests", refund, wait)).body.status);
  for (let i = 0; i < 100 && !(await restedModelUsage()); i++) await new Promise((r) => setTimeout(r, 50));

  const res = await call("/v1/metrics/prometheus");
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe(PROMETHEUS_CONTENT_TYPE);
  text = await res.text();
  families = parsePrometheusTextFormat(text);
  json = ((await (await call("/v1/metrics")).json()) as any).agents.find((a: any) => a.agent === AGENT);
});

async function restedModelUsage(): Promise<boolean> {
  const { env } = await import("cloudflare:workers");
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM runs WHERE agent = 'refund-requests' AND model_usage IS NOT NULL").first<{ n: number }>())!.n > 0;
}

async function reviewItemsOfAgent(): Promise<number> {
  const { env } = await import("cloudflare:workers");
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM review_items WHERE agent = ?").bind(AGENT).first<{ n: number }>())?.n ?? 0;
}

describe("Prometheus exposition (issue 15)", () => {
  it("every line is HELP, TYPE or a sample of a declared family, in the format's grammar", () => {
    expect(text.endsWith("\n")).toBe(true);
    const declared = new Set<string>();
    for (const line of text.slice(0, -1).split("\n")) {
      const match = STRICT_LINE.exec(line);
      expect(match, line).not.toBeNull();
      if (line.startsWith("# TYPE ")) declared.add(line.split(" ")[2]!);
      const sample = match![1];
      if (sample) expect([...declared].some((f) => sample === f || [`${f}_bucket`, `${f}_sum`, `${f}_count`].includes(sample)), line).toBe(true);
    }
  });

  it("has every family with its type, HELP and label set", () => {
    for (const [name, [type, labels]] of Object.entries(FAMILIES)) {
      const f = families.find((x) => x.name === name);
      expect(f, name).toBeDefined();
      expect(f!.type, name).toBe(type);
      expect(f!.help.length, name).toBeGreaterThan(10);
      expect(f!.metrics.length, name).toBeGreaterThan(0);
      if (type === "HISTOGRAM") continue; // read per agent below
      for (const m of f!.metrics) expect(Object.keys(m.labels ?? {}).sort(), name).toEqual([...labels].sort());
    }
    // Histogram series: buckets carry agent and le, the sum and count agent only.
    for (const line of text.split("\n").filter((l) => l.startsWith("agent_runtime_run_latency_ms_"))) {
      expect(line).toMatch(/^agent_runtime_run_latency_ms_(?:bucket\{agent="[^"]+",le="[^"]+"\}|(?:sum|count)\{agent="[^"]+"\}) /);
    }
  });

  it("agrees with the JSON metrics: runs by status, stops, refusals, escalations, cost, model calls", () => {
    const runs = valuesBy("agent_runtime_runs_total", "status");
    expect(runs).toMatchObject(json.runs.byStatus);
    expect(runs).toMatchObject({ completed: 2, failed: 1, waiting_for_review: 1, cancelled: 0, queued: 0, running: 0 });
    expect(valuesBy("agent_runtime_stops_total", "reason")).toEqual(json.stopsByReason);
    expect(valuesBy("agent_runtime_stops_total", "reason")).toMatchObject({ STEP_FAILED: 1, REVIEW_REQUIRED: 1 });
    expect(single("agent_runtime_refusals_total")).toBe(Object.values<number>(json.refusals).reduce((a, b) => a + b, 0));
    expect(single("agent_runtime_escalations_total")).toBe(Object.values<number>(json.escalations).reduce((a, b) => a + b, 0));
    expect(single("agent_runtime_escalations_total")).toBe(1);
    expect(valuesBy("agent_runtime_guard_blocks_total", "code")).toEqual({ ECHO_FORBIDDEN: 1 });
    expect(valuesBy("agent_runtime_cost_micro_usd_total", "kind")).toEqual({
      task_runs: json.cost.taskRunsMicroUsd,
      online_evaluation: json.cost.onlineEvaluationMicroUsd,
      scheduled_evaluation: json.cost.scheduledEvaluationMicroUsd,
      manual_evaluation: json.cost.manualEvaluationMicroUsd,
    });
    // echo-steps calls no model: no series for it.
    expect(valuesBy("agent_runtime_model_calls_total", "model")).toEqual({});
  });

  it("counts model calls per model, and they add up to the agent's model calls", async () => {
    const refund: Record<string, number> = Object.fromEntries(family("agent_runtime_model_calls_total").metrics.filter((m) => m.labels?.agent === "refund-requests").map((m) => [m.labels!.model, Number(m.value)]));
    expect(refund["local/refund-agent-small"]).toBeGreaterThan(0);
    expect(Object.keys(refund).every((m) => m.startsWith("local/refund-agent-"))).toBe(true);
    const { env } = await import("cloudflare:workers");
    const total = (await env.DB.prepare("SELECT SUM(model_calls) AS n FROM runs WHERE agent = 'refund-requests' AND evaluation IS NULL").first<{ n: number }>())!.n;
    expect(Object.values(refund).reduce((a, b) => a + b, 0)).toBe(total);
  });

  it("shows the breaker's current state as 1 and the others as 0", () => {
    expect(valuesBy("agent_runtime_breaker_state", "state")).toEqual({ closed: 0, open: 1, half_open: 0 });
  });

  it("has a latency histogram of working time: fixed bounds, monotonic buckets, +Inf = count = completed runs", () => {
    const mine = text
      .split("\n")
      .filter((l) => l.startsWith("# ") ? l.includes(" agent_runtime_run_latency_ms ") : l.startsWith("agent_runtime_run_latency_ms_") && l.includes(`agent="${AGENT}"`))
      .map((l) => l.replace(`agent="${AGENT}",`, "").replace(`{agent="${AGENT}"}`, ""));
    const [parsed] = parsePrometheusTextFormat(`${mine.join("\n")}\n`);
    expect(parsed).toMatchObject({ name: "agent_runtime_run_latency_ms", type: "HISTOGRAM" });
    const h = parsed!.metrics[0]!;
    const bounds = Object.keys(h.buckets!);
    expect(bounds).toEqual([...LATENCY_BUCKETS_MS.map(String), "+Inf"]);
    const counts = bounds.map((b) => Number(h.buckets![b]));
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(counts.at(-1)).toBe(Number(h.count));
    expect(Number(h.count)).toBe(json.latency.sample);
    expect(Number(h.count)).toBe(2);
    expect(Number(h.sum)).toBeGreaterThanOrEqual(0);
  });

  it("GET /v1/metrics answers the exposition to text/plain and to a Prometheus server, JSON otherwise", async () => {
    for (const accept of ["text/plain; version=0.0.4", PROMETHEUS_ACCEPT]) {
      const res = await call("/v1/metrics", { headers: { Accept: accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe(PROMETHEUS_CONTENT_TYPE);
      expect(parsePrometheusTextFormat(await res.text()).map((f) => f.name)).toEqual(families.map((f) => f.name));
    }
    for (const accept of [undefined, "*/*", "application/json", "application/json, text/plain;q=0.5"]) {
      const res = await call("/v1/metrics", { headers: accept ? { Accept: accept } : {} });
      expect(res.headers.get("Content-Type"), accept).toMatch(/^application\/json/);
      expect(((await res.json()) as any).agents, accept).toBeInstanceOf(Array);
    }
  });

  it("needs a tenant key (401 with a code) and is in the OpenAPI document", async () => {
    const res = await call("/v1/metrics/prometheus", { key: null });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe("UNAUTHENTICATED");
    const doc = (await (await call("/openapi.json", { key: null })).json()) as any;
    expect(Object.keys(doc.paths["/v1/metrics/prometheus"].get.responses["200"].content)).toEqual(["text/plain"]);
  });

  it("escapes label values and HELP text so the parser reads them back unchanged", () => {
    const odd = 'a "quoted" \\ back\\slash\nnew line';
    const text = renderExposition([
      { name: "x_total", type: "counter", help: "help with \\ and\nnewline", samples: [{ labels: { agent: odd }, value: 3 }] },
    ]);
    expect(text.split("\n").filter(Boolean)).toHaveLength(3);
    const [parsed] = parsePrometheusTextFormat(text);
    expect(parsed).toMatchObject({ name: "x_total", type: "COUNTER", help: "help with \\ and\nnewline", metrics: [{ labels: { agent: odd }, value: "3" }] });
  });

  it("the checks refuse what is not the format (so passing them means something)", () => {
    expect(() => parsePrometheusTextFormat('# TYPE x counter\nx{agent=unquoted} 1\n')).toThrow();
    for (const bad of ['x{agent="unterminated} 1', 'x{agent="a"} ', 'x{agent="a\\q"} 1', "x one", 'x{1a="b"} 1']) expect(STRICT_LINE.test(bad), bad).toBe(false);
    expect(STRICT_LINE.test('x_total{agent="a \\"b\\" \\\\ \\n"} 1.5e3')).toBe(true);
  });
});
