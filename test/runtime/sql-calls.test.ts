/**
 * What a step costs in storage calls. In workerd each `sql.exec` call costs
 * far more than the rows it writes (npm run bench measures it), so the number
 * of calls a step makes is the engine's own per-step price: counted here on
 * the object's real SQLite, exactly, so a change that adds one shows.
 */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RunDurableObject } from "../../src/runtime/run-object";
import { command, runStub } from "../support/runs";

/** Runs an echo-steps run of `steps` steps to rest on a fresh object, counting its sql.exec calls (every statement, read or write). */
async function execCalls(steps: number): Promise<{ calls: number; statements: string[] }> {
  const cmd = command("echo-steps", { steps, effectEvery: 0 }, { waitMs: 5_000 });
  return runInDurableObject(runStub(cmd.runId), async (obj: RunDurableObject, state) => {
    const sql = state.storage.sql;
    const exec = sql.exec.bind(sql);
    const statements: string[] = [];
    // The object's store and outbox hold this same SqlStorage: every call they make passes here.
    Object.defineProperty(sql, "exec", { configurable: true, value: (query: string, ...bindings: unknown[]) => (statements.push(query.trim().split(/\s+/).slice(0, 3).join(" ")), exec(query, ...bindings)) });
    try {
      const result = await obj.submit(cmd);
      expect(result).toMatchObject({ kind: "accepted", rested: true, run: { status: "completed" } });
      return { calls: statements.length, statements };
    } finally {
      Object.defineProperty(sql, "exec", { configurable: true, value: exec });
    }
  });
}

describe("storage calls per step", () => {
  it("a step that calls no model and no tool makes two sql.exec calls: its start and its end", async () => {
    const five = await execCalls(5);
    const ten = await execCalls(10);
    expect((ten.calls - five.calls) / 5).toBe(2);
    // The whole 5-step run, creation to rest, for the record: the run's schema, row and events, the steps, the rest.
    expect(five.calls).toBeLessThanOrEqual(17);
  });
});
