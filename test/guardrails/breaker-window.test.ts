/**
 * The breaker's sliding window is mirrored in memory (one INSERT per judgment,
 * a trimming DELETE only now and then): what it decides must be what the
 * stored judgments say, across a restart of the guard object, and storage
 * must stay bounded.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CircuitBreaker, type BreakerTransition } from "../../src/guardrails/circuit-breaker";
import { DEFAULT_DEPLOYMENT } from "../../src/runtime/agent-definition";

const policy = { ...DEFAULT_DEPLOYMENT.breaker, window: 10, minJudged: 10, maxErrorRate: 0.5 };

/** A breaker on a fresh object's storage; `again` builds a second instance on the same storage (a restart). */
function onFreshStorage<T>(fn: (make: () => { breaker: CircuitBreaker; transitions: BreakerTransition[] }, sql: SqlStorage) => T) {
  const stub = env.GUARDS.get(env.GUARDS.newUniqueId());
  return runInDurableObject(stub, (_obj: unknown, state) => {
    const make = () => {
      const transitions: BreakerTransition[] = [];
      return { breaker: new CircuitBreaker(state.storage.sql, (t) => transitions.push(t)), transitions };
    };
    return fn(make, state.storage.sql);
  });
}

const health = (ok: boolean) => ({ kind: "health" as const, ok, source: "run" });

describe("the breaker's window", () => {
  it("keeps storage bounded and counts only the last `window` judgments of a kind", async () => {
    const stored = await onFreshStorage((make, sql) => {
      const { breaker, transitions } = make();
      // 100 healthy runs, then 5 failures: 5 of the last 10 fail, which is not above 50%.
      for (let i = 0; i < 100; i++) breaker.record(health(true), policy, 1_000 + i);
      for (let i = 0; i < 5; i++) breaker.record(health(false), policy, 2_000 + i);
      const rows = Number(sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM judgments").one().n);
      return { rows, transitions: transitions.length };
    });
    expect(stored.transitions).toBe(0);
    expect(stored.rows).toBeLessThanOrEqual(policy.window + 32);
  });

  it("a restarted guard decides on the judgments it stored before", async () => {
    const result = await onFreshStorage((make) => {
      const first = make();
      for (let i = 0; i < 60; i++) first.breaker.record(health(true), policy, 1_000 + i);
      for (let i = 0; i < 5; i++) first.breaker.record(health(false), policy, 2_000 + i);
      // A new instance reads the stored window: one more failure makes 6 of the last 10.
      const second = make();
      const after = second.breaker.record(health(false), policy, 3_000);
      return { state: after.state, evidence: second.transitions[0]?.evidence };
    });
    expect(result.state).toBe("open");
    expect(result.evidence?.health).toEqual({ judged: 10, ok: 4, errorRate: 0.6 });
  });

  it("closing forgets the old evidence in memory as in storage", async () => {
    const result = await onFreshStorage((make, sql) => {
      const { breaker } = make();
      for (let i = 0; i < 10; i++) breaker.record(health(false), policy, 1_000 + i);
      const opened = breaker.view(1_100).state;
      breaker.force("closed", 1_200, "fixed", "operator", policy);
      const left = Number(sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM judgments").one().n);
      // One failure after the close is 1 of 1 judged: under minJudged, so it stays closed.
      const after = breaker.record(health(false), policy, 1_300).state;
      return { opened, left, after };
    });
    expect(result).toEqual({ opened: "open", left: 0, after: "closed" });
  });
});
