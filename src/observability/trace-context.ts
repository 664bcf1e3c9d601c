/**
 * W3C trace context for runs: parsing `traceparent`, the run's trace identity,
 * and span ids derived from what a span describes. Ids are a pure function of
 * the run (and the caller's trace id), so spans rebuilt after a crash carry the
 * same ids as the ones built before it: a collector sees at worst an identical
 * copy, never a second span for one thing. Synchronous on purpose: spans are
 * built inside the journal's transaction, where an await would split it.
 */

/** What a run keeps of its trace (in RunOptions, set when the run is created). */
export interface RunTrace {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** The caller's span (from `traceparent`); the run span is its child. */
  parentSpanId?: string;
}

export const TRACEPARENT_HEADER = "traceparent";

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const ZERO = /^0+$/;

export interface ParsedTraceparent {
  traceId: string;
  parentSpanId: string;
  sampled: boolean;
}

/** A valid W3C `traceparent`, or null (absent, malformed, all-zero ids, version ff). */
export function parseTraceparent(header: string | null | undefined): ParsedTraceparent | null {
  if (!header) return null;
  const m = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!m) return null;
  const [, version, traceId, parentSpanId, flags] = m as unknown as [string, string, string, string, string];
  // Version 00 has exactly four fields; a later version may append more (the spec says: parse the first four).
  if (version === "ff" || (version === "00" && header.trim().length !== 55)) return null;
  if (ZERO.test(traceId) || ZERO.test(parentSpanId)) return null;
  return { traceId, parentSpanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export function formatTraceparent(traceId: string, spanId: string): string {
  return `00-${traceId}-${spanId}-01`;
}

/** `bytes` bytes of a seeded 32-bit mix (cyrb53-style), as hex. Not cryptographic: the input (a run id) is already random. */
function hashHex(text: string, bytes: number): string {
  let out = "";
  for (let seed = 0; out.length < bytes * 2; seed++) {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    out += (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
  }
  const id = out.slice(0, bytes * 2);
  return ZERO.test(id) ? `${id.slice(0, -1)}1` : id; // an all-zero id is invalid
}

/** The trace of a run started without a `traceparent`. */
export function traceIdForRun(runId: string): string {
  return hashHex(`trace\u0000${runId}`, 16);
}

/** The span id of one thing in a run: `run`, `step:3:1`, `model:3:0`, `tool:<key>`, `review:1`. */
export function spanIdFor(runId: string, what: string): string {
  return hashHex(`span\u0000${runId}\u0000${what}`, 8);
}

/** A number in [0, 1) from the run id: the same run always gets the same sampling decision. */
export function samplingPoint(runId: string): number {
  return parseInt(hashHex(`sample\u0000${runId}`, 4), 16) / 2 ** 32;
}

/**
 * Parent-based ratio sampling (OpenTelemetry's `parentbased_traceidratio`): a
 * caller's sampled flag decides when there is one; else the run id against the
 * rate. A rate of 0 on the agent turns its traces off whatever the caller says.
 */
export function decideRunTrace(runId: string, rate: number, parent: ParsedTraceparent | null, agentRate?: number): RunTrace | null {
  if (agentRate === 0) return null;
  if (parent) return parent.sampled ? { traceId: parent.traceId, parentSpanId: parent.parentSpanId } : null;
  return samplingPoint(runId) < (agentRate ?? rate) ? { traceId: traceIdForRun(runId) } : null;
}
