/**
 * The suite-wide log check (issue 15: "tests grep every log line of the
 * suite"). Worker and Durable Object code runs inside workerd, where vitest
 * intercepts `console`; every line reaches this (main) process through the
 * reporter's `onConsoleLog`. The global setup installs this scan there: our
 * structured lines are collected and kept out of the test output (they would
 * drown it), anything else prints as before. At teardown every collected line
 * is checked for the seeded keys and their digests and for the required
 * fields; a finding fails the run (vitest reports an error thrown at
 * teardown and exits non-zero).
 *
 * Not seen: lines printed while vitest runs `--silent` (vitest drops them first).
 */
import type { TestProject } from "vitest/node";
import { leaksIn, parseLogLine, problemsOf, seededSecrets, SEEDED_KEYS } from "./log-lines";

export function installSuiteLogScan(project: TestProject): () => Promise<void> {
  const lines: string[] = [];
  const config = project.vitest.config;
  const previous = config.onConsoleLog;
  config.onConsoleLog = (content, type, entity) => {
    const all = content.split("\n").filter((l) => l.trim() !== "");
    const ours = all.filter((l) => parseLogLine(l) !== null);
    lines.push(...ours);
    if (ours.length > 0 && ours.length === all.length) return false;
    return previous?.(content, type, entity);
  };

  return async () => {
    config.onConsoleLog = previous;
    const secrets = await seededSecrets();
    const findings: string[] = [];
    for (const raw of lines) {
      const line = parseLogLine(raw)!;
      // Say which secret leaked by its seeded name (a digest is reported as "digest of <key>").
      const leaked = leaksIn(raw, secrets).map((s) => {
        const i = secrets.indexOf(s);
        return i < SEEDED_KEYS.length ? s : `digest of ${SEEDED_KEYS[i - SEEDED_KEYS.length]}`;
      });
      const problems = [...problemsOf(line), ...leaked.map((s) => `contains ${s}`)];
      if (problems.length > 0) findings.push(`${line.event} (run ${String(line.runId)}): ${problems.join("; ")}`);
    }
    if (findings.length > 0) {
      throw new Error(`${findings.length} of ${lines.length} structured log lines failed the suite-wide scan:\n${findings.slice(0, 20).join("\n")}`);
    }
  };
}
