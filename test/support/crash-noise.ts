/**
 * Tests crash Durable Objects on purpose (`crashAt` aborts with SIMULATED_CRASH);
 * workerd then prints "uncaught exception ... jsg.Error: simulated crash" and a
 * `stack:` line for each, through the vitest plugin's log handler, which has no
 * option to filter them. `vitest.config.ts` passes the main process's output
 * through this filter: only lines carrying the deliberate abort reason (and the
 * stack line right after one) are dropped, so any real error still shows.
 *
 * Pure string logic: imported by the config (Node) and by a test (workerd).
 */
export const SIMULATED_CRASH = "simulated crash";

/** How workerd renders the abort reason inside its log lines. */
const DELIBERATE = `jsg.Error: ${SIMULATED_CRASH}`;
/**
 * The stand-in's `reset` fault drops the connection on purpose; workerd logs the
 * lost socket itself (the client maps it to a NETWORK error, tested). Only
 * workerd's own lines with exactly these texts are dropped.
 */
const DELIBERATE_RESET = [
  /^exception = rust\/worker\/ffi\.rs:\d+: disconnected: client error \(SendRequest\)$/,
  /^uncaught exception; .*Network connection lost\.$/,
  // workerd's informational (NOSENTRY) note when a test-fired alarm (runDurableObjectAlarm) that made a
  // subrequest, e.g. a model call to the stand-in, re-arms its own alarm after a simulated crash; not an error.
  /^NOSENTRY SQLite alarm handler canceled with requestScheduledAlarm\.; scheduledTime = [\d.]+s; localAlarmState\.orDefault\(kj::UNIX_EPOCH\) = \d+ns; actorId = [0-9a-f]+$/,
];
const STACK_LINE = /^stack: /;
/** workerd's own log lines (not, say, a test title that mentions a simulated crash). */
const WORKERD_LINE = /^(uncaught exception|disconnected)|workerd\//;

/** A stateful line filter: true = keep the line. */
export function crashNoiseFilter(): (line: string) => boolean {
  let afterDropped = false;
  return (line) => {
    if (line.includes(DELIBERATE) || (line.includes(SIMULATED_CRASH) && WORKERD_LINE.test(line)) || DELIBERATE_RESET.some((re) => re.test(line))) {
      afterDropped = true;
      return false;
    }
    if (afterDropped && STACK_LINE.test(line)) return false;
    afterDropped = false;
    return true;
  };
}

/** Filters a chunk of output line by line. Returns "" when nothing is left. */
export function filterChunk(keep: (line: string) => boolean, chunk: string): string {
  const lines = chunk.split("\n");
  const last = lines.pop()!; // "" when the chunk ends with a newline
  const kept = lines.filter((l) => keep(l));
  const tail = last === "" || keep(last) ? last : "";
  return kept.length > 0 ? `${kept.join("\n")}\n${tail}` : tail;
}

interface Writable {
  write(chunk: unknown, ...rest: unknown[]): boolean;
}

/** Wraps a stream's write so the deliberate-crash lines never reach it. */
export function quietDeliberateCrashes(stream: Writable): void {
  const keep = crashNoiseFilter();
  const write = stream.write.bind(stream);
  stream.write = (chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== "string") return write(chunk, ...rest);
    const out = filterChunk(keep, chunk);
    if (out === "" && chunk !== "") {
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }
    return write(out, ...rest);
  };
}
