/**
 * The refund model as the embedded host runs it (`embeddedModels` on the
 * agent definition): each tier answers with a whole chat response (tool calls
 * or the final answer). Priced like the models they stand in for (a small
 * open model and a frontier model, 1:50, as the expense tiers), so budgets
 * behave as in production.
 */
import type { EmbeddedModel } from "../../../models/embedded/registry";
import { completeRefundTurn, REFUND_AGENT_MODELS } from "./index";

const PRICES: Record<string, EmbeddedModel["price"]> = {
  "local/refund-agent-small": { inputPer1K: 60, outputPer1K: 240 },
  "local/refund-agent-large": { inputPer1K: 3_000, outputPer1K: 12_000 },
};

export const REFUND_EMBEDDED_MODELS: Readonly<Record<string, EmbeddedModel>> = Object.fromEntries(
  Object.keys(REFUND_AGENT_MODELS).map((id) => [id, { price: PRICES[id]!, complete: (request) => completeRefundTurn({ ...request, model: id }) }]),
);
