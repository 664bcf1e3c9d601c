/**
 * The guard object's client and the shapes it answers, apart from the object:
 * admission, routes and runs reach the guard through this module, which imports
 * nothing at run time (no import cycle through the guard object).
 */
import type { DeploymentPolicy } from "../runtime/agent-definition";
import type { ReserveResult, Settlement } from "./budget";
import type { BreakerState, BreakerView, Judgment } from "./circuit-breaker";
import type { AdmitResult, RateLimits } from "./rate-limiter";

export interface AdmitRequest {
  runId: string;
  tenantId: string;
  agent: string;
  limits: RateLimits;
  breaker: DeploymentPolicy["breaker"];
  /** A number in [0, 1) from a hash of the task key: decides half-open probes deterministically. */
  share: number;
  now: number;
}

/** `fresh`: this admission took the run's slot (its caller gives it back if no work follows). */
export type Admission = Exclude<AdmitResult, { ok: true }> | { ok: true; fresh: boolean; breaker: BreakerState; probe: boolean };

export interface GuardStatus {
  breaker: BreakerView;
  budget: { day: string; spent: number; reserved: number };
  activeRuns: number;
}

/**
 * What a run hands over when it rests: its calls not yet settled, to go with
 * the release (`finished`), and what to do once the guard has them.
 */
export interface RestSettlement {
  items: readonly Settlement[];
  settled(): void;
}

/** The typed client for one tenant + agent (plain types, see RunClient). */
export interface GuardClient {
  admit(req: AdmitRequest): Promise<Admission>;
  release(runId: string): Promise<void>;
  occupy(runId: string, tenantId: string, now: number): Promise<void>;
  /** `settle`: the run's calls not yet settled, settled in the same round trip as the release. */
  finished(identity: { tenantId: string; agent: string }, runId: string, judgment: Judgment | null, policy: DeploymentPolicy["breaker"], now: number, settle?: readonly Settlement[]): Promise<{ before: BreakerState; after: BreakerView } | null>;
  /** `settle`: the run's earlier calls, settled before this reservation is checked (same turn). */
  reserve(id: string, amount: number, cap: number, now: number, settle?: readonly Settlement[]): Promise<ReserveResult>;
  settle(id: string, actual: number, now?: number): Promise<void>;
  settleAll(settle: readonly Settlement[], now: number): Promise<void>;
  judge(identity: { tenantId: string; agent: string }, judgment: Judgment, policy: DeploymentPolicy["breaker"], now: number): Promise<{ before: BreakerState; after: BreakerView }>;
  setBreaker(identity: { tenantId: string; agent: string }, to: BreakerState, reason: string, actor: string, policy: DeploymentPolicy["breaker"], now: number): Promise<BreakerView>;
  status(now: number): Promise<GuardStatus>;
}

export function guardClient(env: Pick<Env, "GUARDS">, tenantId: string, agent: string): GuardClient {
  return env.GUARDS.get(env.GUARDS.idFromName(`${tenantId}:${agent}`)) as unknown as GuardClient;
}
