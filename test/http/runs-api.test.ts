import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/runtime/ids";
import { call, startRun } from "../support/http";

const waitHeader = { Prefer: "wait=10" };

describe("authentication", () => {
  it("refuses a missing key with 401 UNAUTHENTICATED", async () => {
    const res = await call("/v1/agents", { key: null });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a wrong key with 401 UNAUTHENTICATED", async () => {
    const res = await call("/v1/agents", { key: "not-a-key" });
    expect(res.status).toBe(401);
    const body = (await res.json()) as any;
    expect(body.error).toMatchObject({ code: "UNAUTHENTICATED", message: expect.any(String) });
  });

  it("stores keys hashed, never in clear", async () => {
    const rows = await env.DB.prepare("SELECT key_hash FROM api_keys").all<{ key_hash: string }>();
    expect(rows.results.map((r) => r.key_hash)).toContain(await sha256Hex("dev-local-key"));
    expect(JSON.stringify(rows.results)).not.toContain("dev-local-key");
  });
});

describe("agents", () => {
  it("lists registered agents with version, input summary and stage", async () => {
    const res = await call("/v1/agents");
    expect(res.status).toBe(200);
    const { agents } = (await res.json()) as any;
    const echo = agents.find((a: any) => a.name === "echo-steps");
    expect(echo).toMatchObject({ version: "1.0.0", stage: expect.any(String) });
    expect(echo.input.properties).toHaveProperty("steps", "integer");
  });
});

describe("creating runs", () => {
  it("accepts a run with 202 and a self link", async () => {
    const { res, body } = await startRun("echo-steps", { steps: 3 });
    expect(res.status).toBe(202);
    expect(body).toMatchObject({ runId: expect.stringMatching(/^run_/), status: expect.any(String), links: { self: `/v1/runs/${body.runId}` } });
  });

  it("with Prefer: wait returns 200 and the finished run", async () => {
    const { res, body } = await startRun("echo-steps", { steps: 4, effectEvery: 2 }, waitHeader);
    expect(res.status).toBe(200);
    expect(res.headers.get("Preference-Applied")).toBe("wait=10");
    expect(body).toMatchObject({
      status: "completed",
      agent: "echo-steps",
      tenant: "demo",
      outcome: { echoed: 4, effects: 2 },
      proposal: { echoed: 4, effects: 2 },
      usage: { steps: 4, toolCalls: 2, modelCalls: 0, costMicroUsd: 0 },
    });
    const again = await call(`/v1/runs/${body.runId}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as any).status).toBe("completed");
  });

  it("returns the same run for a retried Idempotency-Key", async () => {
    const headers = { "Idempotency-Key": `key-${crypto.randomUUID()}`, ...waitHeader };
    const first = await startRun("echo-steps", { steps: 2 }, headers);
    const second = await startRun("echo-steps", { steps: 2 }, headers);
    expect(second.body.runId).toBe(first.body.runId);
    expect(second.res.headers.get("Idempotent-Replayed")).toBe("true");
    const effects = await env.DB.prepare("SELECT COUNT(*) AS n FROM effects WHERE run_id = ?").bind(first.body.runId).first<{ n: number }>();
    expect(effects?.n).toBe(1);
  });

  it("refuses the same Idempotency-Key with a different body (409 IDEMPOTENCY_CONFLICT)", async () => {
    const headers = { "Idempotency-Key": `key-${crypto.randomUUID()}` };
    await startRun("echo-steps", { steps: 2 }, headers);
    const { res, body } = await startRun("echo-steps", { steps: 3 }, headers);
    expect(res.status).toBe(409);
    expect(body.error.code).toBe("IDEMPOTENCY_CONFLICT");
  });

  it("answers malformed JSON with 400 INVALID_JSON", async () => {
    const res = await call("/v1/agents/echo-steps/runs", { method: "POST", body: "{not json", headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe("INVALID_JSON");
  });

  it("answers a wrong content type with 415", async () => {
    const res = await call("/v1/agents/echo-steps/runs", { method: "POST", body: "input=1", headers: { "Content-Type": "text/plain" } });
    expect(res.status).toBe(415);
    expect(((await res.json()) as any).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("answers a body over 256 KiB with 413", async () => {
    const res = await call("/v1/agents/echo-steps/runs", { method: "POST", json: { input: { payload: "x".repeat(300 * 1024) } } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers a schema violation with 422 INVALID_INPUT and zod issue paths", async () => {
    const { res, body } = await startRun("echo-steps", { steps: "many", payload: 7 });
    expect(res.status).toBe(422);
    expect(body.error.code).toBe("INVALID_INPUT");
    const paths = body.error.details.issues.map((i: any) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["input.steps", "input.payload"]));
  });

  it("answers a body without input with 422 INVALID_INPUT", async () => {
    const res = await call("/v1/agents/echo-steps/runs", { method: "POST", json: { task: 1 } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).error.details.issues[0].path).toEqual(["input"]);
  });

  it("answers an unknown agent with 404 AGENT_NOT_FOUND", async () => {
    const { res, body } = await startRun("no-such-agent", {});
    expect(res.status).toBe(404);
    expect(body.error.code).toBe("AGENT_NOT_FOUND");
  });

  it("refuses a malformed Idempotency-Key with 400", async () => {
    const { res, body } = await startRun("echo-steps", { steps: 1 }, { "Idempotency-Key": "x".repeat(300) });
    expect(res.status).toBe(400);
    expect(body.error.code).toBe("INVALID_IDEMPOTENCY_KEY");
  });
});

describe("reading runs", () => {
  it("answers an unknown run with 404 RUN_NOT_FOUND", async () => {
    for (const id of ["run_00000000000000000000000000", "garbage"]) {
      const res = await call(`/v1/runs/${id}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as any).error.code).toBe("RUN_NOT_FOUND");
    }
  });

  it("hides another tenant's run (404)", async () => {
    const { body } = await startRun("echo-steps", { steps: 1 }, waitHeader);
    await env.DB.batch([
      env.DB.prepare("INSERT OR IGNORE INTO tenants (id, name, created_at) VALUES ('other', 'Other', 0)"),
      env.DB.prepare("INSERT OR IGNORE INTO api_keys (id, tenant_id, key_hash, role, label, created_at) VALUES ('k_other', 'other', ?, 'client', 'x', 0)").bind(await sha256Hex("other-key")),
    ]);
    for (const path of [`/v1/runs/${body.runId}`, `/v1/runs/${body.runId}/steps`]) {
      const res = await call(path, { key: "other-key" });
      expect(res.status).toBe(404);
    }
    const cancel = await call(`/v1/runs/${body.runId}/cancel`, { method: "POST", key: "other-key" });
    expect(cancel.status).toBe(404);
  });

  it("shows the step journal with kinds, attempts, timings and summaries", async () => {
    const { body } = await startRun("echo-steps", { steps: 3, effectEvery: 2 }, waitHeader);
    const res = await call(`/v1/runs/${body.runId}/steps`);
    expect(res.status).toBe(200);
    const { steps } = (await res.json()) as any;
    expect(steps.map((s: any) => [s.index, s.name, s.kind, s.status, s.attempt])).toEqual([
      [0, "echo-0", "guard", "completed", 1],
      [1, "echo-1", "tool", "completed", 1],
      [2, "echo-2", "decision", "completed", 1],
    ]);
    expect(steps[1].toolCalls).toEqual([expect.objectContaining({ tool: "echoEffect", status: "done" })]);
    expect(steps[0]).toMatchObject({ inputSummary: "step 1 of 3", startedAt: expect.any(String), finishedAt: expect.any(String), durationMs: expect.any(Number) });
  });
});

describe("cancelling", () => {
  it("refuses to cancel a finished run (409)", async () => {
    const { body } = await startRun("echo-steps", { steps: 1 }, waitHeader);
    const res = await call(`/v1/runs/${body.runId}/cancel`, { method: "POST" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as any).error.code).toBe("RUN_ALREADY_FINISHED");
  });

  it("stops a run that waits for a retry before its next step", async () => {
    const { body } = await startRun("echo-steps", { steps: 3, retryDelayMs: 60_000, failures: [{ step: 1, times: 2 }] }, { Prefer: "wait=1" });
    expect(body.status).toBe("running");
    const res = await call(`/v1/runs/${body.runId}/cancel`, { method: "POST" });
    expect(res.status).toBe(200);
    const run = (await res.json()) as any;
    expect(run).toMatchObject({ status: "cancelled", stopReason: "CANCELLED", usage: { steps: 1 } });
  });
});
