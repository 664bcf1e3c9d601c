/**
 * The circuit breaker of one agent for one tenant (a capability of the
 * agent's guard object; it owns its tables). closed -> open -> half_open ->
 * closed. It is fed judgments: quality (did a person, the strongest model or
 * the scheduled evaluation agree with the agent?) and health (did the run
 * finish without an agent error? see after-rest.ts `healthOf`; latency, a
 * person's wait and cancellations are never inputs). When quality or health
 * over the sliding window drops below the agent's thresholds it opens, and
 * every new task goes to people (CIRCUIT_OPEN). After a cool-down it lets a
 * small share through as judged probes; enough agreeing probes close it, one
 * bad probe opens it again. Operators can close or open it by hand; only an
 * opening on evidence demotes the agent (see judgments.ts `afterJudgment`).
 */
import type { DeploymentPolicy } from "../runtime/agent-definition";

export const BREAKER_STATES = ["closed", "open", "half_open"] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

export type JudgmentKind = "quality" | "health";
export interface Judgment {
  kind: JudgmentKind;
  ok: boolean;
  /** review, online, evaluation, run */
  source: string;
  runId?: string;
  detail?: string;
  /** From a run a half-open breaker let through; only these decide whether it closes. */
  probe?: boolean;
}

export interface BreakerEvidence {
  quality: { judged: number; agreed: number; rate: number | null };
  health: { judged: number; ok: number; errorRate: number | null };
  reason: string;
}

export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  at: number;
  reason: string;
  actor: string;
  evidence: BreakerEvidence;
}

export interface BreakerView {
  state: BreakerState;
  since: number;
  evidence: BreakerEvidence | null;
  probesPassed: number;
}

/** Judgments beyond the window a kind may keep in storage before one DELETE trims them. */
const TRIM_SLACK = 32;

/** How long an open breaker waits before letting probes through. */
export const COOL_DOWN_MS = 60_000;

type Policy = DeploymentPolicy["breaker"];

type BreakerRow = { state: string; since: number; evidence: string | null; probes_passed: number };

/** Each kind's judgments, oldest first, and how many rows of that kind storage holds. */
type RecentJudgments = Record<JudgmentKind, { oks: boolean[]; stored: number }>;
const noJudgments = (): RecentJudgments => ({ quality: { oks: [], stored: 0 }, health: { oks: [], stored: 0 } });

export class CircuitBreaker {
  /** The breaker row, mirrored in memory (read once per instance; every write here updates it): admission reads it per run. */
  private row: BreakerRow | null | undefined;
  /**
   * The judgments of each kind, oldest first, mirrored in memory (read once per instance),
   * so the run that rests every few milliseconds costs one INSERT here, not a window read.
   * `stored` counts each kind's rows in storage, which are trimmed only every TRIM_SLACK
   * records (storage may hold up to window + TRIM_SLACK rows; only the last `window` count).
   */
  private recent: RecentJudgments | undefined;

  constructor(
    private readonly sql: SqlStorage,
    private readonly onTransition: (t: BreakerTransition) => void,
  ) {
    sql.exec(`
      CREATE TABLE IF NOT EXISTS breaker (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL, since INTEGER NOT NULL, evidence TEXT, probes_passed INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS judgments (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, ok INTEGER NOT NULL, source TEXT NOT NULL, run_id TEXT, detail TEXT, at INTEGER NOT NULL);
    `);
  }

  private stored(): BreakerRow | null {
    this.row ??= this.sql.exec<BreakerRow>("SELECT state, since, evidence, probes_passed FROM breaker").toArray()[0] ?? null;
    return this.row;
  }

  view(now: number): BreakerView {
    const row = this.stored();
    if (!row) return { state: "closed", since: 0, evidence: null, probesPassed: 0 };
    const view: BreakerView = { state: row.state as BreakerState, since: Number(row.since), evidence: row.evidence ? JSON.parse(row.evidence) : null, probesPassed: Number(row.probes_passed) };
    if (view.state === "open" && now - view.since >= COOL_DOWN_MS) {
      this.move("half_open", now, "cool-down over: letting probes through", "breaker", view.evidence ?? this.evidence([], "cool-down"));
      return this.view(now);
    }
    return view;
  }

  private judgments(): RecentJudgments {
    if (!this.recent) {
      const recent = noJudgments();
      for (const row of this.sql.exec<{ kind: string; ok: number }>("SELECT kind, ok FROM judgments ORDER BY seq")) {
        const kind = recent[row.kind as JudgmentKind];
        if (!kind) continue;
        kind.oks.push(Number(row.ok) === 1);
        kind.stored++;
      }
      this.recent = recent;
    }
    return this.recent;
  }

  record(judgment: Judgment, policy: Policy, now: number): BreakerView {
    const mine = this.judgments()[judgment.kind]; // read before this judgment's row exists
    this.sql.exec(
      "INSERT INTO judgments (kind, ok, source, run_id, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
      judgment.kind, judgment.ok ? 1 : 0, judgment.source, judgment.runId ?? null, judgment.detail ?? null, now,
    );
    mine.oks.push(judgment.ok);
    mine.stored++;
    if (mine.oks.length > policy.window) mine.oks.splice(0, mine.oks.length - policy.window);
    // Keep only what the window needs, in one statement every TRIM_SLACK records.
    if (mine.stored >= policy.window + TRIM_SLACK) {
      this.sql.exec(
        "DELETE FROM judgments WHERE kind = ? AND seq NOT IN (SELECT seq FROM judgments WHERE kind = ? ORDER BY seq DESC LIMIT ?)",
        judgment.kind, judgment.kind, policy.window,
      );
      mine.stored = policy.window;
    }
    const current = this.view(now);
    const window = this.window(policy);
    if (current.state === "half_open") {
      if (!judgment.probe) return current; // held runs prove nothing about the agent
      if (!judgment.ok) {
        this.move("open", now, `probe failed (${judgment.source}${judgment.detail ? `: ${judgment.detail}` : ""})`, "breaker", this.evidence(window, "probe failed"));
      } else {
        const passed = current.probesPassed + 1;
        if (passed >= policy.probesToClose) this.move("closed", now, `${passed} probes agreed`, "breaker", this.evidence(window, "probes agreed"));
        else {
          this.sql.exec("UPDATE breaker SET probes_passed = ?", passed);
          if (this.row) this.row = { ...this.row, probes_passed: passed };
        }
      }
    } else if (current.state === "closed") {
      const reason = this.tripReason(window, policy);
      if (reason) this.move("open", now, reason, "breaker", this.evidence(window, reason));
    }
    return this.view(now);
  }

  force(to: BreakerState, now: number, reason: string, actor: string, policy: Policy): BreakerView {
    const current = this.view(now);
    if (current.state !== to) this.move(to, now, reason, actor, this.evidence(this.window(policy), reason));
    return this.view(now);
  }

  /** The last `window` judgments of each kind. */
  private window(policy: Policy): { kind: JudgmentKind; ok: boolean }[] {
    const recent = this.judgments();
    return (["quality", "health"] as const).flatMap((kind) => recent[kind].oks.slice(-policy.window).map((ok) => ({ kind, ok })));
  }

  private evidence(rows: { kind: JudgmentKind; ok: boolean }[], reason: string): BreakerEvidence {
    const q = rows.filter((r) => r.kind === "quality");
    const h = rows.filter((r) => r.kind === "health");
    const agreed = q.filter((r) => r.ok).length;
    const healthy = h.filter((r) => r.ok).length;
    return {
      quality: { judged: q.length, agreed, rate: q.length ? agreed / q.length : null },
      health: { judged: h.length, ok: healthy, errorRate: h.length ? (h.length - healthy) / h.length : null },
      reason,
    };
  }

  private tripReason(rows: { kind: JudgmentKind; ok: boolean }[], policy: Policy): string | null {
    const e = this.evidence(rows, "");
    if (e.quality.judged >= policy.minJudged && e.quality.rate !== null && e.quality.rate < policy.minAgreement) {
      return `agreement ${(e.quality.rate * 100).toFixed(1)}% < ${(policy.minAgreement * 100).toFixed(1)}% over the last ${e.quality.judged} judged runs`;
    }
    if (e.health.judged >= policy.minJudged && e.health.errorRate !== null && e.health.errorRate > policy.maxErrorRate) {
      return `error rate ${(e.health.errorRate * 100).toFixed(1)}% > ${(policy.maxErrorRate * 100).toFixed(1)}% over the last ${e.health.judged} runs`;
    }
    return null;
  }

  private move(to: BreakerState, now: number, reason: string, actor: string, evidence: BreakerEvidence): void {
    const from = (this.stored()?.state ?? "closed") as BreakerState;
    this.sql.exec(
      `INSERT INTO breaker (id, state, since, evidence, probes_passed) VALUES (1, ?, ?, ?, 0)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, since = excluded.since, evidence = excluded.evidence, probes_passed = 0`,
      to, now, JSON.stringify(evidence),
    );
    this.row = { state: to, since: now, evidence: JSON.stringify(evidence), probes_passed: 0 };
    // A fresh start: old evidence must not re-open a breaker that was just closed.
    if (to === "closed") {
      this.sql.exec("DELETE FROM judgments");
      this.recent = noJudgments();
    }
    this.onTransition({ from, to, at: now, reason, actor, evidence });
  }
}
