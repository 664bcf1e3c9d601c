/** Deployment stages, in the order autonomy is earned. */
import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { agentDeployments } from "../db/schema";

export const STAGES = ["shadow", "limited", "supervised", "full"] as const;
export type Stage = (typeof STAGES)[number];

/** A newly registered agent starts in shadow for every tenant. */
export const DEFAULT_STAGE: Stage = "shadow";

export async function stagesForTenant(db: D1Database, tenantId: string): Promise<Map<string, Stage>> {
  const rows = await database(db).select().from(agentDeployments).where(eq(agentDeployments.tenantId, tenantId)).all();
  return new Map(rows.map((r) => [r.agent, r.stage]));
}

export async function stageOf(db: D1Database, tenantId: string, agent: string): Promise<Stage> {
  const row = await database(db)
    .select({ stage: agentDeployments.stage })
    .from(agentDeployments)
    .where(and(eq(agentDeployments.tenantId, tenantId), eq(agentDeployments.agent, agent)))
    .get();
  return row?.stage ?? DEFAULT_STAGE;
}
