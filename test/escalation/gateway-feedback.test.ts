import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import "../../src/agents/registry"; // every agent registers its embedded models
import { EmbeddedModelProvider } from "../../src/models/embedded/provider";
import type { ChatRequest, ModelFeedback, ModelProvider } from "../../src/models/types";
import { idempotentRunId } from "../../src/runtime/ids";
import { call, setDeployment, startRun } from "../support/http";
import { instrument } from "../support/runs";

/** Answers like the embedded model but, like AI Gateway, gives every call a log id; records feedback. */
class LoggingProvider implements ModelProvider {
  readonly kind = "ai-gateway";
  readonly feedback: { logId: string; input: ModelFeedback }[] = [];
  private readonly inner = new EmbeddedModelProvider();
  private n = 0;
  async complete(request: ChatRequest) {
    const result = await this.inner.complete(request);
    return { ...result, gateway: { logId: `log-${++this.n}`, cacheStatus: "MISS" } };
  }
  async sendFeedback(logId: string, input: ModelFeedback) {
    this.feedback.push({ logId, input });
  }
}

describe("reviewer verdicts feed back to the gateway log", () => {
  it("sends the reviewer's agreement with the agent to every logged model call of the run", async () => {
    await setDeployment("expense-reports", "shadow", 0);
    const report = {
      reportId: `R-FB-${Date.now()}`,
      employeeId: "E1003",
      submittedAt: "2026-11-20",
      items: [{ date: "2026-11-18", merchant: "Hilton Garden Inn", amount: 180, currency: "USD", category: "lodging", city: "Denver", receipt: true }],
    };
    const runId = await idempotentRunId("demo", "expense-reports", `report:${report.reportId}`);
    const provider = new LoggingProvider();
    await instrument(runId, (obj) => {
      obj.modelProvider = provider;
    });
    const { body } = await startRun("expense-reports", report, { Prefer: "wait=20" });
    expect(body).toMatchObject({ runId, status: "waiting_for_review", proposal: { decision: "approve" } });

    let reviewId: string | undefined;
    for (let i = 0; i < 100 && !reviewId; i++) {
      reviewId = (await env.DB.prepare("SELECT id FROM review_items WHERE run_id = ?").bind(runId).first<{ id: string }>())?.id;
      if (!reviewId) await new Promise((r) => setTimeout(r, 30));
    }
    const res = await call(`/v1/reviews/${reviewId}/decision`, { method: "POST", key: "dev-reviewer-token", json: { decision: "approve", comment: "agreed" } });
    expect(res.status).toBe(200);
    for (let i = 0; i < 50 && provider.feedback.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const steps = ((await (await call(`/v1/runs/${runId}/steps`)).json()) as any).steps;
    const logIds = steps.flatMap((s: any) => s.modelCalls.map((m: any) => m.logId));
    expect(logIds.length).toBeGreaterThan(0);
    expect(provider.feedback.map((f) => f.logId).sort()).toEqual([...new Set(logIds)].sort());
    expect(provider.feedback.every((f) => f.input.feedback === 1 && f.input.score === 100)).toBe(true);
    await setDeployment("expense-reports", "full", 0);
  });
});
