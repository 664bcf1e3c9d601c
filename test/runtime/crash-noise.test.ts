/** The test output filter drops only the deliberate-crash lines workerd prints; real errors still show. */
import { describe, expect, it } from "vitest";
import { crashNoiseFilter, filterChunk, SIMULATED_CRASH } from "../support/crash-noise";

const WORKERD = "/work/main/node_modules/@cloudflare/workerd-linux-64/bin/workerd";
const deliberate = `uncaught exception; exception = workerd/api/actor-state.c++:1249: failed: broken.outputGateBroken; jsg.Error: ${SIMULATED_CRASH}\n`;
const stack = `stack: ${WORKERD}@3cf53e4 ${WORKERD}@3a4d9d0\n`;

describe("deliberate-crash output filter", () => {
  it("drops the uncaught-exception line of a simulated crash and its stack line", () => {
    const keep = crashNoiseFilter();
    expect(filterChunk(keep, deliberate)).toBe("");
    expect(filterChunk(keep, stack)).toBe("");
    expect(filterChunk(keep, `${deliberate}${stack}`)).toBe("");
    expect(filterChunk(keep, "disconnected: jsg.Error: simulated crash\n")).toBe("");
    expect(filterChunk(keep, "disconnected: simulated crash\n")).toBe("");
  });

  it("keeps real errors, their stacks, and ordinary output", () => {
    const keep = crashNoiseFilter();
    const real = "uncaught exception; exception = workerd/io/worker.c++:100: failed: jsg.Error: boom\n";
    expect(filterChunk(keep, real)).toBe(real);
    expect(filterChunk(keep, stack)).toBe(stack); // a stack after a real error stays
    expect(filterChunk(keep, deliberate)).toBe("");
    expect(filterChunk(keep, " ✓ test/runtime/crash-resume.test.ts (15 tests)\n")).toBe(" ✓ test/runtime/crash-resume.test.ts (15 tests)\n");
    expect(filterChunk(keep, stack)).toBe(stack); // not right after a dropped line
    expect(filterChunk(keep, `${real}${deliberate}${stack}tail`)).toBe(`${real}tail`);
    const title = "   ✓ resumes after a simulated crash 120ms\n";
    expect(filterChunk(keep, title)).toBe(title);
  });

  it("drops workerd's lines for the stand-in's deliberate connection reset, not other network errors", () => {
    const keep = crashNoiseFilter();
    const reset = [
      "exception = rust/worker/ffi.rs:110: disconnected: client error (SendRequest)\n",
      "uncaught exception; source = Uncaught (in promise); stack = Error: Network connection lost.\n",
      "uncaught exception; exception = workerd/jsg/value.h:1535: disconnected: jsg.Error: Network connection lost.\n",
    ];
    for (const line of reset) {
      expect(filterChunk(keep, line)).toBe("");
      expect(filterChunk(keep, stack)).toBe("");
    }
    const alarmNote = "NOSENTRY SQLite alarm handler canceled with requestScheduledAlarm.; scheduledTime = 1796163576.216s; localAlarmState.orDefault(kj::UNIX_EPOCH) = 0ns; actorId = dff3d25237a9\n";
    expect(filterChunk(keep, alarmNote)).toBe("");
    const otherNote = "NOSENTRY something else happened\n";
    expect(filterChunk(keep, otherNote)).toBe(otherNote);
    const other = "uncaught exception; exception = workerd/io/worker.c++:100: failed: jsg.Error: Network connection refused\n";
    expect(filterChunk(keep, other)).toBe(other);
  });
});
