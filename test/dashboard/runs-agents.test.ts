import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { escalate, page, signIn } from "./support";

const visible = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("runs pages", () => {
  it("finds a run by run id, report id or employee, and shows its journal", async () => {
    const { report, runId, reviewId } = await escalate();
    const { cookie } = await signIn();
    // History lands in D1 through the outbox once the run rests.
    for (let i = 0; i < 100 && !(await env.DB.prepare("SELECT 1 FROM runs WHERE id = ?").bind(runId).first()); i++) await new Promise((r) => setTimeout(r, 50));

    for (const q of [report.reportId, report.employeeId]) {
      const html = await (await page(`/dashboard/runs?q=${encodeURIComponent(q)}`, { cookie })).text();
      expect(html, q).toContain(`/dashboard/runs/${runId}`);
    }
    const byId = await (await page(`/dashboard/runs?q=${runId}`, { cookie })).text();
    expect(byId).toContain(`/dashboard/runs/${runId}`);
    const none = await (await page("/dashboard/runs?q=R-NOPE-0", { cookie })).text();
    expect(none).not.toContain("/dashboard/runs/run_");
    const recent = await (await page("/dashboard/runs", { cookie })).text();
    expect(recent).toContain("Most recent runs");

    const res = await page(`/dashboard/runs/${runId}`, { cookie });
    expect(res.status).toBe(200);
    const text = visible(await res.text());
    expect(text).toContain("waiting for review");
    expect(text).toContain("Journal");
    expect(text).toContain("findApprovedItems");
    expect(text).toContain(report.reportId);
    expect(text).toContain("Open review item");
    expect(visible(await (await page(`/dashboard/runs/${runId}`, { cookie })).text())).toContain(reviewId.length > 0 ? "Review" : "");
    expect((await page("/dashboard/runs/run_00000000000000000000000000", { cookie })).status).toBe(404);
    expect((await page("/dashboard/runs/not-a-run", { cookie })).status).toBe(404);
  });
});

describe("agents page", () => {
  it("shows stage, limits, usage with an SVG cost chart, evaluation scores over time, and the breaker state", async () => {
    const now = Date.now();
    await env.DB.batch(
      [0.62, 0.81, 0.9].map((acc, i) =>
        env.DB.prepare(
          "INSERT INTO eval_runs (id, tenant_id, agent, agent_version, mode, trigger, status, cases, exact_accuracy_bp, decision_accuracy_bp, cost_micro_usd, created_at, finished_at) VALUES (?, 'demo', 'expense-reports', '1.0.0', 'cascade', 'cli', 'completed', 100, ?, ?, 1000, ?, ?) ON CONFLICT(id) DO NOTHING",
        ).bind(`ev_dash_test_${i}`, Math.round(acc * 10_000), Math.round(acc * 10_000) + 300, now - (3 - i) * 86_400_000, now - (3 - i) * 86_400_000 + 1),
      ),
    );
    await escalate();
    const { cookie } = await signIn();
    const res = await page("/dashboard/agents", { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visible(html);
    expect(text).toContain("expense-reports");
    expect(text).toContain("echo-steps");
    expect(html).toMatch(/Stage <span class="badge b-stage"[^>]*>(shadow|limited|supervised|full)<\/span>/);
    expect(text).toContain("Time limit per run");
    expect(html).toMatch(/Circuit breaker <span class="badge b-(ok|bad|warn)"[^>]*>(closed|open|half open)<\/span>/);
    expect(html).toContain('aria-label="expense-reports: model cost per day"');
    expect(html).toContain('aria-label="expense-reports: exact accuracy of evaluation passes"');
    expect(html).toMatch(/<polyline class="line s0" points="[\d., ]+"/);
    expect(text).toContain("90.0%");
    // The evidence for the current stage and the histories are shown to everyone.
    expect(text).toContain("Compared decisions");
    expect(text).toContain("Decision and amount agreement");
    expect(text).toContain("Costly disagreements");
    expect(text).toContain("Latest evaluation");
    expect(text).toContain("At full autonomy"); // echo-steps
    expect(text).toMatch(/Breaker transitions, newest first|No breaker transitions recorded yet/);
    expect(text).toMatch(/Stage changes, newest first|No stage changes yet/);
    // A reviewer sees the operator controls disabled, with who can use them.
    expect(html.match(/<fieldset disabled/g)?.length).toBe(2 * (html.match(/<section class="card"/g)?.length ?? 0));
    expect(text).toContain("Only an operator can do this");
  });
});
