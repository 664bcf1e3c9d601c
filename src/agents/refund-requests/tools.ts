/**
 * The agent's whole action space (contract: Tools). Each tool is narrow (one
 * customer, one order per call), zod in and out, with typed errors. Side
 * effects are idempotent twice over: by the run engine's key in the effect
 * ledger, and by `requestId` in this agent's own tables.
 */
import { z } from "zod";
import { defineTool, ToolError, type ToolContext } from "../../tools/define-tool";
import { recordEffect } from "../../tools/effect-ledger";
import { checkEligibility, daysBetween } from "./policy";
import { Eligibility, Line, Reason, RefundRequestSchema } from "./schema";
import { directory, findCustomer, issuedByRequest, issuedFor, orderOf, ordersOf, type CustomerRow } from "./store";

const CustomerId = z.string().min(1).max(32);
const OrderId = z.string().min(1).max(32);
const RequestId = z.string().min(1).max(64);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const today = (ctx: ToolContext) => new Date(ctx.clock.now()).toISOString().slice(0, 10);

async function customerOrThrow(ctx: ToolContext, customerId: string): Promise<CustomerRow> {
  const c = await findCustomer(ctx.env.DB, ctx.tenantId, customerId);
  if (!c) throw new ToolError("UNKNOWN_CUSTOMER", `No customer ${customerId}.`, { retryable: false });
  return c;
}

/** Missing and "someone else's" read the same, so the tool never confirms another customer's order exists. */
const orderNotFound = (orderId: string) => new ToolError("ORDER_NOT_FOUND", `No order ${orderId} was found for this customer.`, { retryable: false });

const OrderView = z.object({
  orderId: z.string(),
  status: z.enum(["shipped", "delivered"]),
  promisedBy: z.string(),
  deliveredAt: z.string().nullable(),
  shippingCents: z.number().int(),
  lines: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number().int(), unitCents: z.number().int(), finalSale: z.boolean(), refundableQuantity: z.number().int() })),
});

async function viewOrder(ctx: ToolContext, customerId: string, order: Awaited<ReturnType<typeof orderOf>> & object): Promise<z.input<typeof OrderView>> {
  const issued = (await issuedFor(ctx.env.DB, ctx.tenantId, customerId)).filter((r) => r.orderId === order.id);
  return {
    orderId: order.id,
    status: order.status,
    promisedBy: order.promisedBy,
    deliveredAt: order.deliveredAt,
    shippingCents: order.shippingCents,
    lines: order.lines.map((l) => ({
      sku: l.sku, name: l.name, quantity: l.quantity, unitCents: l.unitCents, finalSale: l.finalSale,
      refundableQuantity: l.quantity - l.refundedQuantity - issued.reduce((s, r) => s + r.lines.filter((x) => x.sku === l.sku).reduce((a, x) => a + x.quantity, 0), 0),
    })),
  };
}

export const lookupCustomer = defineTool({
  name: "lookupCustomer",
  description: "The customer's name, tier, status and number of refunds in the last 90 days.",
  input: z.object({ customerId: CustomerId }),
  output: z.object({ customerId: z.string(), name: z.string(), firstName: z.string(), tier: z.enum(["standard", "plus"]), status: z.enum(["active", "blocked"]), refundsLast90Days: z.number().int() }),
  sideEffect: false,
  async run({ customerId }, ctx) {
    const c = await customerOrThrow(ctx, customerId);
    const issued = await issuedFor(ctx.env.DB, ctx.tenantId, c.id);
    // Counted up to the request's receivedAt, as FREQUENT_REFUNDS counts (the clock's day only outside a request's run).
    const d = runRequest(ctx)?.receivedAt ?? today(ctx);
    const recent = [...c.priorRefunds, ...issued.map((r) => r.refundedOn)].filter((x) => { const n = daysBetween(x, d); return n >= 0 && n <= 90; }).length;
    return { customerId: c.id, name: c.name, firstName: c.name.split(" ")[0]!, tier: c.tier, status: c.status, refundsLast90Days: recent };
  },
});

export const listOrders = defineTool({
  name: "listOrders",
  description: "The customer's orders with their lines (sku, name, quantity, unit price in cents, final sale, quantity still refundable).",
  input: z.object({ customerId: CustomerId }),
  output: z.object({ orders: z.array(OrderView) }),
  sideEffect: false,
  async run({ customerId }, ctx) {
    const c = await customerOrThrow(ctx, customerId);
    const orders = await ordersOf(ctx.env.DB, ctx.tenantId, c.id);
    return { orders: await Promise.all(orders.map((o) => viewOrder(ctx, c.id, o))) };
  },
});

export const getOrder = defineTool({
  name: "getOrder",
  description: "One order, only if it belongs to this customer.",
  input: z.object({ customerId: CustomerId, orderId: OrderId }),
  output: OrderView,
  sideEffect: false,
  async run({ customerId, orderId }, ctx) {
    const c = await customerOrThrow(ctx, customerId);
    const order = await orderOf(ctx.env.DB, ctx.tenantId, c.id, orderId);
    if (!order) throw orderNotFound(orderId);
    return viewOrder(ctx, c.id, order);
  },
});

export const checkEligibilityTool = defineTool({
  name: "checkEligibility",
  description:
    "The returns policy for one order: per-line verdicts, the exact refund amount (refundCents) and lines (refundLines) to pass to issueRefund, the decision, codes, and whether a return label is needed. lines may be empty for not_received and late_delivery.",
  input: z.object({ customerId: CustomerId, orderId: OrderId, lines: z.array(Line).max(50), reason: Reason, receivedAt: IsoDate }),
  output: Eligibility,
  sideEffect: false,
  async run(args, ctx) {
    const customer = await customerOrThrow(ctx, args.customerId);
    const order = await orderOf(ctx.env.DB, ctx.tenantId, customer.id, args.orderId);
    if (!order) throw orderNotFound(args.orderId);
    const issued = await issuedFor(ctx.env.DB, ctx.tenantId, customer.id);
    return checkEligibility({ customer, order, lines: args.lines, reason: args.reason, receivedAt: args.receivedAt, issued });
  },
});

const RequestDate = RefundRequestSchema.pick({ requestId: true, receivedAt: true });

/** The request this run handles (its id and receivedAt), or null outside such a run. */
function runRequest(ctx: ToolContext): { requestId: string; receivedAt: string } | null {
  const request = RequestDate.safeParse(ctx.input);
  return request.success ? request.data : null;
}

/**
 * The date a refund counts by for FREQUENT_REFUNDS: its request's `receivedAt`
 * (the run's input), not the day the tool ran, so replays, evaluations and
 * backfills count the agent's own refunds like the contract does.
 */
function requestDate(ctx: ToolContext, requestId: string): string {
  const request = runRequest(ctx);
  if (request?.requestId === requestId) return request.receivedAt;
  throw new ToolError("REQUEST_DATE_UNKNOWN", `A refund for ${requestId} is issued by that request's own run, whose receivedAt dates it.`, { retryable: false });
}

const sortLines = (lines: { sku: string; quantity: number }[]) => [...lines].sort((a, b) => a.sku.localeCompare(b.sku));
const sameLines = (a: { sku: string; quantity: number }[], b: { sku: string; quantity: number }[]) => JSON.stringify(sortLines(a)) === JSON.stringify(sortLines(b));

export const issueRefund = defineTool({
  name: "issueRefund",
  description: "Refunds one order: exactly the lines, reason and amountCents checkEligibility returned for this request.",
  input: z.object({ requestId: RequestId, orderId: OrderId, lines: z.array(Line).max(50), reason: Reason, amountCents: z.number().int().positive() }),
  output: z.object({ refundId: z.string(), requestId: z.string(), orderId: z.string(), lines: z.array(Line), amountCents: z.number().int() }),
  sideEffect: true,
  async run(args, ctx) {
    const prior = await issuedByRequest(ctx.env.DB, ctx.tenantId, args.requestId);
    if (prior) {
      // One refund per request: the same refund again is the first one; a different one is refused.
      if (prior.orderId === args.orderId && prior.amountCents === args.amountCents && sameLines(prior.lines, args.lines)) {
        return { refundId: `rf_${prior.requestId}`, requestId: prior.requestId, orderId: prior.orderId, lines: prior.lines, amountCents: prior.amountCents };
      }
      throw new ToolError("REQUEST_ALREADY_REFUNDED", `Request ${args.requestId} already has a refund.`, { retryable: false });
    }
    const found = await ctx.env.DB.prepare("SELECT customer_id AS c FROM refund_orders WHERE tenant_id = ? AND id = ?").bind(ctx.tenantId, args.orderId).first<{ c: string }>();
    if (!found) throw orderNotFound(args.orderId);
    const order = (await orderOf(ctx.env.DB, ctx.tenantId, found.c, args.orderId))!;
    // The database's truth, last: never more than the order still has to refund.
    const issued = (await issuedFor(ctx.env.DB, ctx.tenantId, found.c)).filter((r) => r.orderId === order.id);
    let linesCents = 0;
    for (const l of args.lines) {
      const line = order.lines.find((x) => x.sku === l.sku);
      const left = line ? line.quantity - line.refundedQuantity - issued.reduce((s, r) => s + r.lines.filter((x) => x.sku === l.sku).reduce((a, x) => a + x.quantity, 0), 0) : 0;
      if (!line || l.quantity > left) throw new ToolError("OVER_REFUND", `Line ${l.sku} cannot be refunded for ${l.quantity}.`, { retryable: false });
      linesCents += line.unitCents * l.quantity;
    }
    const shippingLeft = order.shippingRefunded || issued.some((r) => r.shippingCents > 0) ? 0 : order.shippingCents;
    const shipping = args.amountCents - linesCents;
    if (shipping !== 0 && shipping !== shippingLeft) throw new ToolError("OVER_REFUND", "The amount is not what these lines (and the shipping still unrefunded) add up to.", { retryable: false });
    const refundedOn = requestDate(ctx, args.requestId);
    const result = { refundId: `rf_${args.requestId}`, requestId: args.requestId, orderId: order.id, lines: args.lines, amountCents: args.amountCents };
    // refunded_on is the request's date (what the policy counts); created_at the clock's instant it was issued (audit).
    const insert = ctx.env.DB.prepare(
      "INSERT INTO refunds_issued (tenant_id, request_id, customer_id, order_id, reason, lines, shipping_cents, amount_cents, refunded_on, run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ).bind(ctx.tenantId, args.requestId, found.c, order.id, args.reason, JSON.stringify(args.lines), shipping, args.amountCents, refundedOn, ctx.runId, ctx.clock.now());
    return (await recordEffect(ctx, "issueRefund", args, result, [insert])).result;
  },
});

export const createReturnLabel = defineTool({
  name: "createReturnLabel",
  description: "Emails the customer a prepaid return label for the refunded lines of one order.",
  input: z.object({ requestId: RequestId, orderId: OrderId, lines: z.array(Line).min(1).max(50) }),
  output: z.object({ labelId: z.string(), requestId: z.string(), orderId: z.string() }),
  sideEffect: true,
  async run(args, ctx) {
    const result = { labelId: `lbl_${args.requestId}`, requestId: args.requestId, orderId: args.orderId };
    const existing = await ctx.env.DB.prepare("SELECT order_id AS o FROM refund_return_labels WHERE tenant_id = ? AND request_id = ?").bind(ctx.tenantId, args.requestId).first<{ o: string }>();
    if (existing) {
      if (existing.o === args.orderId) return result;
      throw new ToolError("REQUEST_ALREADY_LABELED", `Request ${args.requestId} already has a return label.`, { retryable: false });
    }
    const refund = await issuedByRequest(ctx.env.DB, ctx.tenantId, args.requestId);
    if (!refund || refund.orderId !== args.orderId) throw new ToolError("LABEL_WITHOUT_REFUND", "A return label follows a refund of the same order in the same request.", { retryable: false });
    const insert = ctx.env.DB.prepare("INSERT INTO refund_return_labels (tenant_id, request_id, order_id, lines, run_id, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(ctx.tenantId, args.requestId, args.orderId, JSON.stringify(args.lines), ctx.runId, ctx.clock.now());
    return (await recordEffect(ctx, "createReturnLabel", args, result, [insert])).result;
  },
});

/**
 * The last line of the output guardrail, which needs the tenant's directory
 * (the action policy cannot read D1): the request's customer is the owner of
 * its refund, else of the order the reply names; every other customer's full
 * name and orders are refused.
 */
async function mentionsAnotherCustomer(ctx: ToolContext, requestId: string, text: string): Promise<boolean> {
  const dir = await directory(ctx.env.DB, ctx.tenantId);
  const named = new Set((text.match(/\bN-\d+\b/gi) ?? []).map((o) => o.toUpperCase()));
  const refund = await issuedByRequest(ctx.env.DB, ctx.tenantId, requestId);
  const owner = refund?.customerId ?? dir.orders.find((o) => named.has(o.id))?.customerId;
  const lower = text.toLowerCase();
  // No refund and no order named (unknown customer, out of scope): the action policy has already refused any order id.
  if (owner === undefined) return false;
  if (dir.orders.some((o) => o.customerId !== owner && named.has(o.id))) return true;
  return dir.customers.some((c) => c.id !== owner && lower.includes(c.name.toLowerCase()));
}

/** Replies per request: the first, and one after a person decided. */
export const MAX_REPLIES = 2;

export const sendReply = defineTool({
  name: "sendReply",
  description: "Sends the reply to the customer (checked before it is sent).",
  input: z.object({ requestId: RequestId, text: z.string().min(1).max(4_000) }),
  output: z.object({ replyId: z.string(), requestId: z.string(), seq: z.number().int(), text: z.string() }),
  sideEffect: true,
  async run(args, ctx) {
    const sent = await ctx.env.DB.prepare("SELECT seq, text FROM refund_replies WHERE tenant_id = ? AND request_id = ? ORDER BY seq").bind(ctx.tenantId, args.requestId).all<{ seq: number; text: string }>();
    const same = sent.results.find((r) => r.text === args.text);
    if (same) return { replyId: `rp_${args.requestId}_${same.seq}`, requestId: args.requestId, seq: same.seq, text: same.text };
    if (sent.results.length >= MAX_REPLIES) throw new ToolError("REPLY_LIMIT", `Request ${args.requestId} has had its replies.`, { retryable: false });
    if (await mentionsAnotherCustomer(ctx, args.requestId, args.text)) {
      throw new ToolError("REPLY_OTHER_CUSTOMER", "The reply mentions another customer's name or order; rewrite it.", { retryable: true });
    }
    const seq = sent.results.length + 1;
    const result = { replyId: `rp_${args.requestId}_${seq}`, requestId: args.requestId, seq, text: args.text };
    const insert = ctx.env.DB.prepare("INSERT INTO refund_replies (tenant_id, request_id, seq, text, run_id, created_at) VALUES (?, ?, ?, ?, ?, ?)").bind(ctx.tenantId, args.requestId, seq, args.text, ctx.runId, ctx.clock.now());
    return (await recordEffect(ctx, "sendReply", args, result, [insert])).result;
  },
});
