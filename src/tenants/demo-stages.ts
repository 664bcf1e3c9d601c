/**
 * The deployment stages a tenant created with demo data starts in: the same
 * rows scripts/seed.sql gives tenant `demo` (test/admin checks they match).
 * echo-steps is the benchmark agent (full, no audit sample); the expense and
 * refund agents are supervised so the whole flow shows: clean tasks are acted
 * on by the agent, escalations and the audit sample wait for a reviewer.
 * Without demo data a tenant has no rows: every agent starts in shadow.
 */
import { agentDeployments } from "../db/schema";

type DeploymentInsert = typeof agentDeployments.$inferInsert;
export type DemoStage = Pick<DeploymentInsert, "agent" | "stage" | "auditSampleBp">;

export const DEMO_STAGES: readonly DemoStage[] = [
  { agent: "echo-steps", stage: "full", auditSampleBp: 0 },
  { agent: "expense-reports", stage: "supervised", auditSampleBp: null },
  { agent: "refund-requests", stage: "supervised", auditSampleBp: null },
];

export function demoStageRows(tenantId: string, now: number): DeploymentInsert[] {
  return DEMO_STAGES.map((s) => ({ ...s, tenantId, updatedAt: now }));
}
