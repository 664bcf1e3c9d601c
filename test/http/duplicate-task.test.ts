/**
 * A task whose natural key (an expense report's reportId) was already submitted
 * with other content is refused as DUPLICATE_TASK naming that report and the
 * existing run, not as a header conflict the client never sent; the first run
 * stays the only one and pays once.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { setDeployment, startRun } from "../support/http";

beforeAll(() => setDeployment("expense-reports", "full", 0));

const wait = { Prefer: "wait=20" };
const report = (reportId: string, amount: number) => ({
  reportId,
  employeeId: "E1001",
  submittedAt: "2026-11-20",
  purpose: "Customer onboarding workshop in Boston",
  items: [{ date: "2026-11-12", merchant: "Uber", amount, currency: "USD", receipt: true }],
});
const payments = async (reportId: string) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM payments WHERE report_id = ?").bind(reportId).first<{ n: number }>())?.n ?? 0;

describe("natural-key conflicts", () => {
  it("refuses a corrected report under the same reportId with 409 DUPLICATE_TASK pointing at the run", async () => {
    const reportId = `R-DUP-${Date.now()}`;
    const first = await startRun("expense-reports", report(reportId, 23.4), wait);
    expect(first.body.status).toBe("completed");

    const corrected = await startRun("expense-reports", report(reportId, 32.4), wait);
    expect(corrected.res.status).toBe(409);
    expect(corrected.body.error).toMatchObject({
      code: "DUPLICATE_TASK",
      message: expect.stringContaining(`Report ${reportId} was already submitted with different content`),
      details: { runId: first.body.runId, task: `report ${reportId}`, links: { run: `/v1/runs/${first.body.runId}` } },
    });
    expect(corrected.body.error.message).not.toMatch(/idempotency/i);
    expect(await payments(reportId)).toBe(1);
  });

  it("uses the natural key whatever Idempotency-Key the client adds", async () => {
    const reportId = `R-DUP-H-${Date.now()}`;
    const first = await startRun("expense-reports", report(reportId, 18), { ...wait, "Idempotency-Key": `a-${reportId}` });
    const retry = await startRun("expense-reports", report(reportId, 18), { ...wait, "Idempotency-Key": `b-${reportId}` });
    expect(retry.body.runId).toBe(first.body.runId);
    expect(retry.res.headers.get("Idempotent-Replayed")).toBe("true");
    const changed = await startRun("expense-reports", report(reportId, 19), { ...wait, "Idempotency-Key": `a-${reportId}` });
    expect(changed.body.error.code).toBe("DUPLICATE_TASK");
    expect(await payments(reportId)).toBe(1);
  });

  it("keeps IDEMPOTENCY_CONFLICT for a reused Idempotency-Key on an agent without a natural key", async () => {
    const headers = { "Idempotency-Key": `key-${crypto.randomUUID()}` };
    const first = await startRun("echo-steps", { steps: 1 }, headers);
    const { res, body } = await startRun("echo-steps", { steps: 2 }, headers);
    expect(res.status).toBe(409);
    expect(body.error).toMatchObject({ code: "IDEMPOTENCY_CONFLICT", details: { runId: first.body.runId } });
  });
});
