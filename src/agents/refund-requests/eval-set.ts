/** The refund agent's evaluation set (format in evals/refund-requests/README.md), bundled with the agent. */
import { z } from "zod";
import type { AgentEvalSet } from "../../runtime/agent-definition";
import cases from "../../../evals/refund-requests/cases.jsonl";
import { seedRefundData } from "./demo-data";
import { proposedOutcome } from "./outcome";
import { Decision, LineVerdict, Reason, type RefundRequest } from "./schema";

/** What a case expects: the contract's five fields, plus `reason` and `lines` for diagnosis. */
export const RefundExpectedSchema = z.object({
  decision: Decision,
  orderId: z.string().nullable(),
  reason: Reason.nullable(),
  refundCents: z.number().int(),
  returnLabel: z.boolean(),
  codes: z.array(z.string()),
  lines: z.array(LineVerdict),
});

const AGENT_TABLES = ["refund_customers", "refund_orders", "refunds_issued", "refund_return_labels", "refund_replies"];

export const refundEvalSet: AgentEvalSet = {
  path: "evals/refund-requests/cases.jsonl",
  text: cases,
  expected: RefundExpectedSchema,
  // A case's earlier requests must each have been refunded (they make lines ALREADY_REFUNDED, spend shipping, count towards FREQUENT_REFUNDS).
  priorDecision: "refund",
  // A run waiting on its proposed issueRefund: an escalation answers what the tool results decided; a refund paused only by a review gate answers that refund.
  pendingAnswer: ({ input, outputs }) => proposedOutcome({ input: input as RefundRequest, results: outputs, review: null, options: {} }),
  tenant: {
    // Each case starts from the contract's data only (README "Isolation"), not from the caller's tables.
    prepare: (d1, _from, to) => seedRefundData(d1, to),
    async cleanup(d1, tenantId) {
      await d1.batch(AGENT_TABLES.map((t) => d1.prepare(`DELETE FROM ${t} WHERE tenant_id = ?`).bind(tenantId)));
    },
  },
};
