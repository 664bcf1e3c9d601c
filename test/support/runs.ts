import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { newRunId } from "../../src/runtime/ids";
import { SIMULATED_CRASH } from "./crash-noise";
import type { RunDurableObject, TestHooks } from "../../src/runtime/run-object";
import { runClient, type RunClient, type SubmitCommand } from "../../src/runtime/run-client";

/** The typed RPC client; test helpers from cloudflare:test take it as a stub too. */
export function runStub(runId: string) {
  return runClient(env, runId) as RunClient & DurableObjectStub<RunDurableObject>;
}

export function command(agent: string, input: unknown, overrides: Partial<SubmitCommand> = {}): SubmitCommand {
  return { runId: newRunId(), tenantId: "demo", agent, input, requestHash: JSON.stringify(input), idempotencyKey: null, waitMs: 5_000, ...overrides };
}

/** Installs in-memory hooks/clock in the object's current instance (lost on crash or eviction, like real memory). */
export function instrument(runId: string, setup: (obj: RunDurableObject, state: DurableObjectState) => void) {
  return runInDurableObject(runStub(runId), (obj: RunDurableObject, state) => setup(obj, state));
}

/** Crashes the object (ctx.abort) the first time `when` says so; its log lines are filtered (crash-noise.ts). */
export function crashAt(runId: string, when: (point: string, step: number) => boolean) {
  return instrument(runId, (obj, state) => {
    let fired = false;
    const hooks: TestHooks = {
      onCheckpoint(point, step) {
        if (!fired && when(point, step)) {
          fired = true;
          state.abort(SIMULATED_CRASH);
        }
      },
    };
    obj.hooks = hooks;
  });
}

/** Fires the alarm until the run rests (bounded). */
export async function driveToRest(runId: string, maxWakes = 20) {
  const stub = runStub(runId);
  for (let i = 0; i < maxWakes; i++) {
    const view = await stub.view("demo");
    if (view && ["completed", "failed", "cancelled", "waiting_for_review"].includes(view.status)) return view;
    await runDurableObjectAlarm(stub);
  }
  return stub.view("demo");
}

export async function effectRows(runId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM effects WHERE run_id = ?").bind(runId).first<{ n: number }>();
  return row?.n ?? 0;
}
