/**
 * LOG_LEVEL: lines below the level are neither written nor built; `info`
 * (the default) writes every line. Each entry point sets it from its env.
 */
import { afterEach, describe, expect, it } from "vitest";
import { logGuardBlocked, logStepFinished, setLogLevel, setLogSink } from "../../src/observability/logs";
import type { StepState } from "../../src/runtime/run-store";

const run = { id: "run_loglevel", tenantId: "demo", agent: "echo-steps", options: {} };
const step = { index: 0, name: "s0", kind: "tool", status: "completed", attempt: 1, durationMs: 3, error: null } as unknown as StepState;
const block = { stepIndex: 0, tool: "pay", key: "run_loglevel:s0", code: "SHADOW", source: "gate" as const };

function linesAt(level: string | undefined): string[] {
  const lines: string[] = [];
  const restore = setLogSink((line) => lines.push(line));
  setLogLevel(level);
  try {
    logStepFinished(run, step, 0);
    logGuardBlocked(run, block, 0);
  } finally {
    restore();
  }
  return lines.map((l) => JSON.parse(l).event);
}

describe("LOG_LEVEL", () => {
  afterEach(() => setLogLevel(undefined));

  it("info (and unset, and unknown values) writes every line", () => {
    for (const level of [undefined, "info", "INFO", "verbose"]) expect(linesAt(level), String(level)).toEqual(["step.finished", "guard.blocked"]);
  });

  it("warn keeps blocks and drops the per-step lines; off writes nothing", () => {
    expect(linesAt("warn")).toEqual(["guard.blocked"]);
    expect(linesAt("error")).toEqual([]);
    expect(linesAt("off")).toEqual([]);
  });
});
