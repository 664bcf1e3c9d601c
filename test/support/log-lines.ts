/**
 * What a structured log line must carry and what it must never carry. Pure:
 * used by the log tests (workerd) and by the suite-wide scan in the global
 * setup (Node), so both judge lines the same way.
 */
import { LOG_EVENTS, LOG_LEVELS } from "../../src/observability/logs";

/** Every line carries these keys (null when the event has no run). */
export const REQUIRED_FIELDS = ["time", "level", "event", "runId", "tenantId", "agent", "traceId", "spanId"] as const;

/** The seeded credentials (scripts/seed.sql, the test ADMIN_TOKEN); their SHA-256 digests are added by `seededSecrets`. */
export const SEEDED_KEYS = ["dev-local-key", "dev-reviewer-token", "dev-operator-token", "dev-admin-token"] as const;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The keys and their digests (the digest is what api_keys stores: as secret as the key for a log). */
export async function seededSecrets(): Promise<string[]> {
  return [...SEEDED_KEYS, ...(await Promise.all(SEEDED_KEYS.map(sha256Hex)))];
}

export type LogLine = Record<string, unknown> & { event: string; level: string };

/** The line as an object when it is one of ours (a JSON object with a known event and level), else null. */
export function parseLogLine(line: string): LogLine | null {
  const text = line.trim();
  if (!text.startsWith("{")) return null;
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return null;
    const { event, level } = value as Record<string, unknown>;
    const known = (LOG_EVENTS as readonly unknown[]).includes(event) && (LOG_LEVELS as readonly unknown[]).includes(level);
    return known ? (value as LogLine) : null;
  } catch {
    return null;
  }
}

/** Which of the required fields a line lacks, and whether its ids have the W3C shapes. */
export function problemsOf(line: LogLine): string[] {
  const problems = REQUIRED_FIELDS.filter((f) => !(f in line)).map((f) => `missing ${f}`);
  if (Number.isNaN(Date.parse(String(line.time)))) problems.push("time is not a date");
  if (line.traceId !== null && !/^[0-9a-f]{32}$/.test(String(line.traceId))) problems.push("traceId is not 32 hex");
  if (line.spanId !== null && !/^[0-9a-f]{16}$/.test(String(line.spanId))) problems.push("spanId is not 16 hex");
  if (line.runId !== null && line.traceId === null) problems.push("a run's line has no traceId");
  return problems;
}

/** The needles a raw line contains (case-insensitive: a digest may be printed in upper case). */
export function leaksIn(raw: string, needles: readonly string[]): string[] {
  const lower = raw.toLowerCase();
  return needles.filter((n) => lower.includes(n.toLowerCase()));
}
