/**
 * The run's budget lease (src/runtime/budget-lease.ts): what it covers, what it
 * gives back, and when a lease may settle. The engine-level guarantees (never
 * over the cap, every cost counted once) are in test/guardrails/budget-deferred-settle.test.ts.
 */
import { describe, expect, it } from "vitest";
import { BudgetLease, LEASE_CALLS } from "../../src/runtime/budget-lease";

const TTL = 600_000;

describe("budget lease", () => {
  it("asks for LEASE_CALLS worst cases, never more than the run may still spend, never less than the call", () => {
    expect(BudgetLease.size(100, 1_000_000)).toBe(100 * LEASE_CALLS);
    expect(BudgetLease.size(100, 250)).toBe(250);
    expect(BudgetLease.size(100, 40)).toBe(100);
  });

  it("covers calls from what is left, gets back what a call did not use, and stops before the guard's reservation could expire", () => {
    const lease = new BudgetLease(TTL);
    expect(lease.draw(100, 0)).toBeNull(); // nothing leased yet
    lease.opened("r1", 300, 100, 0); // the first call is drawn with the lease: 200 left
    expect(lease.draw(100, 1)).toBe("r1");
    expect(lease.draw(150, 1)).toBeNull(); // 100 left
    lease.ended("r1", 60); // a call cost 40 of its 100
    expect(lease.draw(150, 2)).toBe("r1");
    lease.opened("r2", 300, 100, 3);
    expect(lease.draw(100, TTL / 2 + 3)).toBeNull(); // too close to the reservation's expiry
  });

  it("settles a closed lease once nothing draws on it, with its journaled sum or at 0 when it journaled nothing", () => {
    const lease = new BudgetLease(TTL);
    lease.opened("a", 800, 100, 0);
    expect(lease.draw(100, 1)).toBe("a");
    lease.ended("a", 50);
    // Open: nothing of it settles, whatever the journal holds.
    expect(lease.settleable([{ id: "a", actual: 50 }])).toEqual([]);
    lease.close();
    // Closed, but one call still in flight: held back, so its cost cannot arrive after the lease settled.
    expect(lease.settleable([{ id: "a", actual: 50 }])).toEqual([]);
    lease.ended("a", 100);
    expect(lease.settleable([{ id: "a", actual: 50 }])).toEqual([{ id: "a", actual: 50 }]);
    lease.settled(["a"]); // the guard confirmed it
    // A lease whose only call failed journaled nothing: it settles at 0, freeing its reservation now.
    lease.opened("b", 800, 100, 2);
    lease.ended("b", 100);
    lease.close();
    expect(lease.settleable([])).toEqual([{ id: "b", actual: 0 }]);
    lease.settled(["b"]);
    expect(lease.settleable([])).toEqual([]);
  });
});
