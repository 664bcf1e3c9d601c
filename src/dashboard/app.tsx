/**
 * The reviewer dashboard: server-rendered pages (Hono JSX), one small
 * stylesheet, and one small inline keyboard script (CSP nonce) that only
 * improves pages that work without it. Mounted at /dashboard by src/http/app.ts.
 *
 *   GET  /dashboard/login, POST /dashboard/login, POST /dashboard/logout
 *   GET  /dashboard                      the review queue by time left (filters: status, agent, reason, priority, age, since, until,
 *                                        minAmount, maxAmount, reviewer, q; cursor paging); status=decided|cancelled is the decided list
 *   GET  /dashboard/reviews/:id          one item (opening it claims it): reasons, the agent's view (or a generic one), timeline, decision form
 *   POST /dashboard/reviews/:id/decision the same decision as POST /v1/reviews/{id}/decision
 *   POST /dashboard/reviews/:id/claim    action=renew|release|takeover (operators): the item's lease
 *   POST /dashboard/bulk                 the queue's checked items approved or rejected with one comment; a result per item
 *   GET  /dashboard/audit                per-reviewer history; GET /dashboard/audit/export.csv the decisions of a date range
 *   GET  /dashboard/runs[?q=&kind=&agent=&status=&since=&until=&cursor=]  runs by run id, task key or a searchable input field, in pages
 *   GET  /dashboard/runs/:runId          one run and its journal
 *   GET  /dashboard/runs/:runId/trace    the run's spans as a waterfall (steps, model and tool calls, waits for a person)
 *   GET  /dashboard/agents               stage and its evidence, breaker, limits, usage, evaluation scores
 *   POST /dashboard/agents/:agent/stage  operator: the same stage change as POST /v1/agents/{agent}/stage
 *   POST /dashboard/agents/:agent/breaker operator: the same breaker action as POST /v1/agents/{agent}/breaker
 *   GET  /dashboard/assets/style.css
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSX } from "hono/jsx/jsx-runtime";
import { findAgent, listAgents } from "../agents/registry";
import { evidenceFor, missingEvidence, nextStage, previousStage, requestStageChange, STAGE_REASON_MAX } from "../deployment/promotion";
import { DEFAULT_STAGE, STAGES, stagesForTenant, type Stage } from "../deployment/stages";
import { decideReview } from "../escalation/decide-review";
import { overdueReviewCounts } from "../escalation/sla";
import { guardClient } from "../guardrails/guard-client";
import { BREAKER_STATES, type BreakerState } from "../guardrails/circuit-breaker";
import { deploymentPolicyOf, limitsOf, type AgentDefinition } from "../runtime/agent-definition";
import type { AmendableItem } from "../runtime/review-view";
import { ApiError } from "../runtime/errors";
import { RUN_ID_PATTERN } from "../runtime/ids";
import { runClient } from "../runtime/run-client";
import { accessConfigOf, checkToken, currentSession, endSession, requireSession, safeNext, startSession } from "./auth";
import { searchableFields, type RowDisplay } from "./columns";
import { ErrorPage, type LayoutProps } from "./components";
import * as data from "./data";
import { dateValue, dayAfter, dayStart } from "./paging";
import { decodeCursor, encodeCursor } from "../db/run-listing";
import { AgentsPage, type AgentNotice, type AgentPanel } from "./pages/agents";
import { LoginPage } from "./pages/login";
import { QueuePage } from "./pages/queue";
import { AuditPage } from "./pages/audit";
import { decisionsCsv, reviewerAudit } from "../escalation/audit";
import { BulkResultsPage } from "./pages/bulk";
import { BULK_MAX, BulkDecisionRequestSchema, bulkDecide } from "../escalation/bulk";
import { DECIDED_RECENT, QUEUE_PAGE, queueQueryOf } from "./queue-query";
import { listReviews, ReviewQuerySchema } from "../escalation/review-query";
import type { ReviewView } from "../escalation/review-items";
import { allowsBulk } from "../escalation/review-policy";
import { ReviewPage, type ClaimState, type Notice } from "./pages/review";
import { decisionFromForm, fieldOfRefusal, type FieldErrors, type FormValues } from "./decision-form";
import { claimReview, liveClaim, releaseClaim } from "../escalation/claims";
import { RunPage, RunsPage } from "./pages/runs";
import { TracePage } from "./pages/trace";
import { escalationCodesOf, FILTERABLE_REASONS, type Reasons } from "./reasons";
import { STYLESHEET } from "./styles";
import { buildTrace, reviewRoundsOfRun } from "./trace-data";
import type { DashboardEnv } from "./types";

type Ctx = Context<DashboardEnv>;

const USAGE_DAYS = 14;
const DAY_MS = 86_400_000;

async function render(c: Ctx, node: JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  return c.html(`<!doctype html>${await node}`, status);
}

function userOf(c: Ctx): NonNullable<LayoutProps["user"]> {
  return { principal: c.get("principal"), role: c.get("role"), tenantId: c.get("tenantId"), csrfToken: c.get("csrfToken") };
}

/** The signed-in person, if the middleware ran (error pages may render before it). */
function maybeUser(c: Ctx): LayoutProps["user"] {
  return c.get("principal") ? userOf(c) : undefined;
}

const errorPage = (c: Ctx, status: ContentfulStatusCode, title: string, message: string) =>
  render(c, <ErrorPage status={status} title={title} message={message} user={maybeUser(c)} />, status);

const csrfRefused = (c: Ctx) =>
  errorPage(c, 403, "This form has expired", "The form's security check failed (it is older than your session, or it came from another site). Go back, reload the page and submit again.");

const agentNames = () => listAgents().map((a) => a.name);
const tiersOf = (agent: string) => [...new Set(Object.values(findAgent(agent)?.models ?? {}).flat())];
/** An agent's own words for its codes (none for an unknown agent). */
const reasonsOf = (agent: string): Reasons => findAgent(agent)?.reviewView?.reasons ?? {};
/** Every agent's codes, for pages that list several agents' items. */
const allReasons = (): Reasons => Object.assign({}, ...listAgents().map((a) => a.reviewView?.reasons ?? {}));

export const dashboardApp = new Hono<DashboardEnv>();

dashboardApp.use(
  "*",
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      // Only the page's own keyboard script (src/dashboard/keyboard.ts) may run: a fresh nonce per response.
      scriptSrc: [NONCE],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      // The item page renews its claim in the background (keyboard.ts), on this origin only.
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    xFrameOptions: "DENY",
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
  }),
);
dashboardApp.use("*", async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
});
// Origin check for every form POST (Hono's csrf), then a size limit; the session's own token is checked in requireSession.
dashboardApp.use("*", csrf());
dashboardApp.use("*", bodyLimit({ maxSize: 64 * 1024, onError: (c) => errorPage(c as Ctx, 413, "Too much data", "The form sent more than 64 KB.") }));

dashboardApp.get("/assets/style.css", (c) =>
  c.body(STYLESHEET, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable" }),
);

// ---- sign-in -----------------------------------------------------------------------

dashboardApp.get("/login", async (c) => {
  const next = safeNext(c.req.query("next"));
  if (await currentSession(c)) return c.redirect(next, 303);
  return render(c, <LoginPage next={next} accessEnabled={accessConfigOf(c.env) !== null} signedOut={c.req.query("signed_out") === "1"} />);
});

dashboardApp.post("/login", async (c) => {
  const body = await c.req.parseBody();
  const next = safeNext(typeof body.next === "string" ? body.next : undefined);
  const result = await checkToken(c.env.DB, typeof body.token === "string" ? body.token : "");
  if (!result.ok) return render(c, <LoginPage next={next} error={result.message} accessEnabled={accessConfigOf(c.env) !== null} />, result.status);
  await startSession(c, result.who);
  return c.redirect(next, 303);
});

// ---- everything below needs a session (and a CSRF token on POST) ---------------------

dashboardApp.use("*", requireSession({ csrfRefused }));

dashboardApp.post("/logout", async (c) => {
  await endSession(c);
  return c.redirect("/dashboard/login?signed_out=1", 303);
});

// ---- queue ---------------------------------------------------------------------------

dashboardApp.get("/", async (c) => {
  const tenantId = c.get("tenantId");
  const agents = agentNames();
  const { filters, query, errors } = queueQueryOf(c.req.query(), agents);
  const now = Date.now();
  const cursor = c.req.query("cursor");
  const [page, decided] = await Promise.all([
    listReviews(c.env.DB, tenantId, ReviewQuerySchema.parse({ ...query, ...(cursor ? { cursor } : {}), limit: QUEUE_PAGE }), now),
    filters.status === "open" ? listReviews(c.env.DB, tenantId, ReviewQuerySchema.parse({ status: "decided", agent: query.agent, limit: DECIDED_RECENT }), now) : null,
  ]);
  const items = page.items;
  const closed = [...(filters.status === "open" ? [] : items), ...(decided?.items ?? [])];
  const [displays, paid] = await Promise.all([queueDisplays(c, [...items, ...(decided?.items ?? [])]), data.paidOf(c.env.DB, tenantId, closed.map((r) => r.runId))]);
  // A filtered queue speaks only its agent's words (its reason filter too).
  const words = filters.agent ? reasonsOf(filters.agent) : allReasons();
  const reasons = [...new Set([...escalationCodesOf(words), ...FILTERABLE_REASONS, ...items.flatMap((i) => i.reasons), ...(filters.reason ? [filters.reason] : [])])];
  const bulkable = new Set(items.filter((i) => i.status === "open" && allowsBulk(findAgent(i.agent), i.reasons)).map((i) => i.reviewId));
  return render(
    c,
    <QueuePage
      user={userOf(c)}
      nonce={c.get("secureHeadersNonce")}
      items={items}
      decided={decided?.items ?? []}
      displays={displays}
      paid={new Map(closed.map((r) => [r.reviewId, paid.get(r.runId) ?? null]))}
      bulkable={bulkable}
      agents={agents}
      reasons={reasons}
      reasonWords={words}
      filters={filters}
      errors={errors}
      next={page.nextCursor}
      paged={Boolean(cursor)}
      released={c.req.query("released")?.slice(0, 100)}
      now={now}
    />,
    Object.keys(errors).length > 0 ? 400 : 200,
  );
});

/** Each item's display: its agent's columns over its subject (with the agent's looked-up values), and its task key. */
async function queueDisplays(c: Ctx, rows: readonly ReviewView[]): Promise<Map<string, RowDisplay>> {
  const tenantId = c.get("tenantId");
  const keys = await data.taskKeysOf(c.env.DB, tenantId, rows.map((r) => r.runId));
  const byAgent = new Map<string, ReviewView[]>();
  for (const r of rows) byAgent.set(r.agent, [...(byAgent.get(r.agent) ?? []), r]);
  const displays = new Map<string, RowDisplay>();
  await Promise.all(
    [...byAgent].map(async ([name, mine]) => {
      const view = findAgent(name)?.reviewView;
      const subjects = mine.map((r) => r.subject ?? {});
      const values = view?.lookupSubjects ? await view.lookupSubjects({ env: c.env, tenantId, subjects, proposals: mine.map((r) => r.proposal) }) : subjects;
      mine.forEach((r, i) => displays.set(r.reviewId, { agent: name, columns: view?.queueColumns ?? null, values: { ...subjects[i], ...values[i] }, taskKey: keys.get(r.runId) ?? null }));
    }),
  );
  return displays;
}

// ---- one review item ------------------------------------------------------------------

/**
 * Opening an open item claims it for the signed-in person (or renews their
 * lease): a GET that only ever extends the caller's own lease, so reloading
 * is safe. Someone else's live lease is left alone and shown.
 */
async function claimOnOpen(c: Ctx, item: data.ReviewRow): Promise<ClaimState> {
  const now = Date.now();
  if (item.status !== "open") return { holder: "none", claimedBy: null, until: null };
  const held = liveClaim(item, now);
  if (held && held.claimedBy !== c.get("principal")) return { holder: "theirs", claimedBy: held.claimedBy, until: held.claimExpiresAt };
  try {
    const claim = await claimReview(c.env.DB, { tenantId: c.get("tenantId"), principal: c.get("principal"), role: c.get("role"), reviewId: item.id });
    return { holder: "mine", claimedBy: claim.claimedBy, until: claim.claimExpiresAt ? Date.parse(claim.claimExpiresAt) : null };
  } catch (error) {
    // Lost a race with another reviewer (or the item closed): show who has it now.
    if (!(error instanceof ApiError) || error.status >= 500) throw error;
    const after = await data.reviewItem(c.env.DB, c.get("tenantId"), item.id);
    const claim = after ? liveClaim(after, Date.now()) : null;
    return claim ? { holder: claim.claimedBy === c.get("principal") ? "mine" : "theirs", claimedBy: claim.claimedBy, until: claim.claimExpiresAt } : { holder: "none", claimedBy: null, until: null };
  }
}

async function renderReview(c: Ctx, reviewId: string, extra: { status?: ContentfulStatusCode; notice?: Notice; form?: FormValues; errors?: FieldErrors } = {}) {
  const tenantId = c.get("tenantId");
  const found = await data.reviewItem(c.env.DB, tenantId, reviewId);
  if (!found) return errorPage(c, 404, "Review item not found", "There is no such review item for your tenant. It may have been removed, or the link is wrong.");
  const claim = await claimOnOpen(c, found);
  const item = (await data.reviewItem(c.env.DB, tenantId, reviewId)) ?? found;
  const client = runClient(c.env, item.runId);
  // The run's object is the source: its view, its journal, and its input with every completed step's output.
  const [run, steps, evidence] = await Promise.all([client.view(tenantId), client.journal(tenantId), client.evidence(tenantId)]);
  const input = evidence?.input;
  // The agent's own view when it has one and the run has what it needs; otherwise the generic view.
  const hook = findAgent(item.agent)?.reviewView;
  const view = hook && evidence ? await hook.page({ env: c.env, tenantId, input, proposal: item.proposal, outputs: evidence.outputs, reasons: item.reasons }) : null;
  let notice = extra.notice;
  if (!notice && c.req.query("decided") === "1" && item.status === "decided") {
    notice = { tone: "ok", title: "Decision recorded.", message: `The run is ${run?.status.replace(/_/g, " ") ?? "resuming"}.` };
  }
  return render(
    c,
    <ReviewPage
      user={userOf(c)}
      item={item}
      now={Date.now()}
      run={run}
      steps={steps}
      input={input}
      view={view}
      reasons={reasonsOf(item.agent)}
      amendable={amendableOf(item, input)}
      tiers={tiersOf(item.agent)}
      notice={notice}
      form={extra.form}
      errors={extra.errors}
      claim={claim}
      nonce={c.get("secureHeadersNonce")}
    />,
    extra.status ?? 200,
  );
}

dashboardApp.get("/reviews/:id", (c) => renderReview(c, c.req.param("id")));

/** Items of the item's proposal its agent lets a reviewer decide one by one (none without a hook). */
function amendableOf(item: data.ReviewRow, input: unknown = null): AmendableItem[] | null {
  const hook = findAgent(item.agent)?.reviewView;
  return hook?.amendable?.(item.proposal, input) ?? null;
}

export { decisionFromForm } from "./decision-form";

dashboardApp.post("/reviews/:id/decision", async (c) => {
  const reviewId = c.req.param("id");
  const tenantId = c.get("tenantId");
  const item = await data.reviewItem(c.env.DB, tenantId, reviewId);
  if (!item) return errorPage(c, 404, "Review item not found", "There is no such review item for your tenant.");
  const items = amendableOf(item);
  const form = decisionFromForm(await c.req.parseBody(), items ? { items } : null);
  if (!form.request) {
    return renderReview(c, reviewId, { status: 422, form: form.values, errors: form.errors, notice: { tone: "danger", title: "Not submitted.", message: form.error ?? "Check the form." } });
  }
  try {
    await decideReview(c.env, { tenantId, principal: c.get("principal"), reviewId, decision: form.request });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const claimed = error.code === "REVIEW_CLAIMED";
    const title = error.code === "REVIEW_CANCELLED" ? "Cancelled." : claimed ? "Someone else holds this item." : error.status === 409 ? "Already decided." : error.status === 422 ? "Not allowed by the policy." : "Not submitted.";
    const status = (error.status === 409 || error.status === 422 || error.status === 404 ? error.status : 400) as ContentfulStatusCode;
    // What was typed stays, unless the item is closed; a refusal about a line is shown next to it.
    const keep = error.status !== 409 || claimed;
    const errors = error.status === 422 ? { [fieldOfRefusal(error, form.request)]: error.message } : undefined;
    return renderReview(c, reviewId, { status, form: keep ? form.values : undefined, errors, notice: { tone: error.status === 409 && !claimed ? "warn" : "danger", title, message: error.message } });
  }
  return c.redirect(`/dashboard/reviews/${encodeURIComponent(reviewId)}?decided=1`, 303);
});

/**
 * The item's lease: `action` = renew (or claim), release, takeover
 * (operators; audited). Each answers with a redirect (POST-redirect-GET), so
 * a reload never repeats it; a release goes back to the queue, where opening
 * the item again would claim it again.
 */
dashboardApp.post("/reviews/:id/claim", async (c) => {
  const reviewId = c.req.param("id");
  const body = await c.req.parseBody();
  const action = formText(body, "action");
  const who = { tenantId: c.get("tenantId"), principal: c.get("principal"), reviewId };
  const back = `/dashboard/reviews/${encodeURIComponent(reviewId)}`;
  try {
    if (action === "release") {
      await releaseClaim(c.env.DB, who);
      return c.redirect(`/dashboard?released=${encodeURIComponent(reviewId)}`, 303);
    }
    if (action !== "renew" && action !== "takeover") return renderReview(c, reviewId, { status: 422, notice: { tone: "danger", title: "Nothing changed.", message: "Choose Keep it, Release it or Take over." } });
    await claimReview(c.env.DB, { ...who, role: c.get("role"), takeover: action === "takeover" });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status >= 500) throw error;
    if (error.status === 404) return errorPage(c, 404, "Review item not found", "There is no such review item for your tenant.");
    return renderReview(c, reviewId, { status: error.status as ContentfulStatusCode, notice: { tone: "danger", title: error.status === 403 ? "Operators only." : "Not claimed.", message: error.message } });
  }
  return c.redirect(back, 303);
});

// ---- bulk ----------------------------------------------------------------------------

/**
 * The queue's bulk form: the checked items, one comment, Approve or Reject.
 * Each item is decided on its own run (src/escalation/bulk.ts); a mixed
 * selection, or reasons the agent keeps to one-at-a-time, decides nothing.
 */
dashboardApp.post("/bulk", async (c) => {
  const body = await c.req.parseBody({ all: true });
  const ids = ([] as unknown[]).concat(body.reviewIds ?? []).filter((v): v is string => typeof v === "string");
  const decision = typeof body.decision === "string" ? body.decision : "";
  const comment = typeof body.comment === "string" ? body.comment : "";
  const refuse = (status: ContentfulStatusCode, title: string, message: string, field?: string) =>
    render(c, <BulkResultsPage user={userOf(c)} decision={decision} results={[]} refused={{ title, message, field }} />, status);
  const parsed = BulkDecisionRequestSchema.safeParse({ reviewIds: ids, decision, comment });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "");
    const message =
      field === "reviewIds"
        ? ids.length === 0
          ? "Select at least one item: tick the boxes in the queue's first column."
          : `Select at most ${BULK_MAX} different items.`
        : field === "comment"
          ? comment.trim()
            ? "Comment: too long (2,000 characters at most)."
            : "Comment: write one; it is kept with every item's decision."
          : "Choose Approve selected or Reject selected.";
    return refuse(422, "Nothing was decided.", message, field);
  }
  try {
    const { results } = await bulkDecide(c.env, { ...parsed.data, tenantId: c.get("tenantId"), principal: c.get("principal") });
    return render(c, <BulkResultsPage user={userOf(c)} decision={parsed.data.decision} results={results} />);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status >= 500) throw error;
    return refuse(error.status as ContentfulStatusCode, "Nothing was decided.", error.message, "reviewIds");
  }
});

// ---- audit ---------------------------------------------------------------------------

function auditRangeOf(c: Ctx) {
  const text = (k: string, max: number) => (c.req.query(k) ?? "").trim().slice(0, max);
  const filters = { reviewer: text("reviewer", 200), since: text("since", 10), until: text("until", 10) };
  const errors: Record<string, string> = {};
  const since = dayStart(filters.since);
  const until = dayAfter(filters.until);
  if (filters.since && since === undefined) errors.since = `From: "${filters.since}" is not a date (YYYY-MM-DD).`;
  if (filters.until && until === undefined) errors.until = `To: "${filters.until}" is not a date (YYYY-MM-DD).`;
  return { filters, errors, range: { reviewer: filters.reviewer || undefined, since, until } };
}

dashboardApp.get("/audit", async (c) => {
  const { filters, errors, range } = auditRangeOf(c);
  const audit = await reviewerAudit(c.env.DB, c.get("tenantId"), range);
  return render(c, <AuditPage user={userOf(c)} audit={audit} filters={filters} errors={errors} />, Object.keys(errors).length > 0 ? 400 : 200);
});

/** The same CSV as GET /v1/reviews/export.csv, for a signed-in person (the API needs a key). */
dashboardApp.get("/audit/export.csv", async (c) => {
  const { errors, range, filters } = auditRangeOf(c);
  if (Object.keys(errors).length > 0) return errorPage(c, 400, "Not a date range", Object.values(errors).join(" "));
  const csv = await decisionsCsv(c.env.DB, c.get("tenantId"), range);
  const name = `decisions${filters.since ? `-${filters.since}` : ""}${filters.until ? `-to-${filters.until}` : ""}.csv`;
  return c.body(csv, 200, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"` });
});

// ---- runs ----------------------------------------------------------------------------

dashboardApp.get("/runs", async (c) => {
  const agents = agentNames();
  const q = (c.req.query("q") ?? "").trim().slice(0, 100);
  const agent = agents.includes(c.req.query("agent") ?? "") ? c.req.query("agent")! : "";
  const statusQ = c.req.query("status") ?? "";
  const status = /^[a-z_]{1,32}$/.test(statusQ) ? statusQ : "";
  const kindQ = c.req.query("kind") ?? "";
  const kind = (data.RUN_KINDS as readonly string[]).includes(kindQ) ? (kindQ as data.RunKind) : "";
  // What the search box matches: the chosen agent's searchable input fields, or every agent's.
  const searchable = listAgents().filter((a) => !agent || a.name === agent);
  const columns = searchable.flatMap((a) => (a.reviewView?.runColumns ?? []).filter((col) => searchableFields([col]).length > 0));
  const fields = [...new Set(columns.map((col) => col.field))];
  // Named in one agent's words only when that agent is chosen: the unfiltered list is every agent's.
  const searchLabels = agent ? [...new Set(columns.map((col) => col.label))] : fields.length > 0 ? ["a field the list shows"] : [];
  const since = dateValue(c.req.query("since"));
  const until = dateValue(c.req.query("until"));
  const cursor = c.req.query("cursor") ?? "";
  const after = cursor ? decodeCursor(cursor) : null;
  if (cursor && !after) return errorPage(c, 400, "This page link is not valid", "The list's page link (cursor) was not made by this dashboard. Start again from the first page.");
  const page = await data.searchRuns(c.env.DB, c.get("tenantId"), q, { agent, status, kind, fields, since: dayStart(since), until: dayAfter(until) }, after);
  const rows = page.rows;
  if (q && rows.length === 0 && !after && RUN_ID_PATTERN.test(q)) {
    // Not in the history yet (e.g. still running): the run's object knows it.
    const view = await runClient(c.env, q).view(c.get("tenantId"));
    if (view) return c.redirect(`/dashboard/runs/${q}`, 303);
  }
  const displays = new Map(
    rows.map((r): [string, RowDisplay] => {
      const input = r.input && typeof r.input === "object" && !Array.isArray(r.input) ? (r.input as Record<string, unknown>) : {};
      return [r.id, { agent: r.agent, columns: findAgent(r.agent)?.reviewView?.runColumns ?? null, values: input, taskKey: r.idempotencyKey }];
    }),
  );
  const reasons = Object.fromEntries(agents.map((a) => [a, reasonsOf(a)]));
  return render(
    c,
    <RunsPage
      user={userOf(c)}
      q={q}
      agent={agent}
      status={status}
      kind={kind}
      agents={agents}
      rows={rows}
      displays={displays}
      searchLabels={searchLabels}
      reasons={reasons}
      since={since}
      until={until}
      next={page.next ? encodeCursor(page.next) : null}
      paged={after !== null}
    />,
  );
});

dashboardApp.get("/runs/:runId", async (c) => {
  const runId = c.req.param("runId");
  const tenantId = c.get("tenantId");
  const notFound = () => errorPage(c, 404, "Run not found", "There is no such run for your tenant.");
  if (!RUN_ID_PATTERN.test(runId)) return notFound();
  const client = runClient(c.env, runId);
  const [run, steps, evidence, review] = await Promise.all([
    client.view(tenantId),
    client.journal(tenantId),
    client.evidence(tenantId),
    data.reviewItemOfRun(c.env.DB, tenantId, runId),
  ]);
  if (!run) return notFound();
  const input = evidence?.input;
  const [evaluation, dryRuns] = await Promise.all([data.evaluationOf(c.env.DB, tenantId, runId), data.dryRunsOf(c.env.DB, tenantId, runId)]);
  // An evaluation's run did nothing: the facts of the task (e.g. payments) belong to the run it judged.
  const hook = findAgent(run.agent)?.reviewView;
  const facts = hook?.runFacts && !evaluation ? await hook.runFacts({ env: c.env, tenantId, input, proposal: run.proposal, outputs: evidence?.outputs ?? {}, reasons: [] }) : [];
  return render(
    c,
    <RunPage
      user={userOf(c)}
      run={run}
      steps={steps}
      input={input}
      review={review}
      facts={facts}
      reasons={reasonsOf(run.agent)}
      tiers={tiersOf(run.agent)}
      evaluation={evaluation}
      dryRuns={dryRuns}
    />,
  );
});

dashboardApp.get("/runs/:runId/trace", async (c) => {
  const runId = c.req.param("runId");
  const tenantId = c.get("tenantId");
  const notFound = () => errorPage(c, 404, "Run not found", "There is no such run for your tenant.");
  if (!RUN_ID_PATTERN.test(runId)) return notFound();
  const client = runClient(c.env, runId);
  const [run, steps, reviews] = await Promise.all([client.view(tenantId), client.journal(tenantId), reviewRoundsOfRun(c.env.DB, tenantId, runId)]);
  if (!run) return notFound();
  const trace = buildTrace({ run, steps: steps ?? [], reviews, now: Date.now(), content: findAgent(run.agent)?.traceContent });
  return render(c, <TracePage user={userOf(c)} run={run} trace={trace} />);
});

// ---- agents --------------------------------------------------------------------------

interface AgentsExtra {
  status?: ContentfulStatusCode;
  /** For one agent's panel: a notice, and what was typed into its forms. */
  agent?: string;
  notice?: AgentNotice;
  form?: AgentPanel["form"];
}

async function renderAgents(c: Ctx, extra: AgentsExtra = {}) {
  const tenantId = c.get("tenantId");
  const now = Date.now();
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const since = today - (USAGE_DAYS - 1) * DAY_MS;
  const days = Array.from({ length: USAGE_DAYS }, (_, i) => new Date(since + i * DAY_MS).toISOString().slice(0, 10));
  const [stages, overdue] = await Promise.all([stagesForTenant(c.env.DB, tenantId), overdueReviewCounts(c.env.DB, tenantId, now)]);
  const agents: AgentPanel[] = await Promise.all(
    listAgents().map(async (agent) => {
      const stage = stages.get(agent.name) ?? DEFAULT_STAGE;
      const next = nextStage(stage);
      const [usage, openReviews, evals, guard, evidence, stageChanges, breakerTransitions, latency] = await Promise.all([
        data.usagePerDay(c.env.DB, tenantId, agent.name, since),
        data.openReviewCount(c.env.DB, tenantId, agent.name),
        data.evalHistory(c.env.DB, tenantId, agent.name),
        guardClient(c.env, tenantId, agent.name)
          .status(now)
          .catch(() => null),
        evidenceFor(c.env.DB, tenantId, agent, stage),
        data.stageHistory(c.env.DB, tenantId, agent.name),
        data.breakerHistory(c.env.DB, tenantId, agent.name),
        data.agentLatency(c.env.DB, tenantId, agent.name, limitsOf(agent).latencyBudgetMs),
      ]);
      const mine = extra.agent === agent.name;
      return {
        name: agent.name,
        version: agent.version,
        description: agent.description,
        stage,
        next,
        previous: previousStage(stage),
        evidence,
        promotion: deploymentPolicyOf(agent).promotion,
        missing: next ? missingEvidence(agent, evidence) : [],
        stageChanges,
        breakerTransitions,
        models: agent.models ?? {},
        limits: limitsOf(agent) as unknown as Record<string, number>,
        days,
        usage,
        openReviews,
        overdueReviews: overdue[agent.name] ?? 0,
        evals,
        guard,
        latency,
        notice: mine ? (extra.notice ?? doneNotice(c, stageChanges[0], guard)) : undefined,
        form: mine ? extra.form : undefined,
      };
    }),
  );
  return render(c, <AgentsPage user={userOf(c)} agents={agents} />, extra.status ?? 200);
}

/** After a redirect (?done=stage|breaker&agent=...): what was just done, from the records themselves. */
function doneNotice(c: Ctx, lastChange: { from: string; to: string } | undefined, guard: { breaker: { state: string } } | null): AgentNotice | undefined {
  const done = c.req.query("done");
  if (done === "stage" && lastChange) return { about: "stage", tone: "ok", title: "Stage changed.", message: `Now in ${lastChange.to} (was ${lastChange.from}).` };
  if (done === "breaker" && guard) return { about: "breaker", tone: "ok", title: "Breaker set.", message: `The circuit breaker is ${guard.breaker.state.replace(/_/g, " ")}.` };
  return undefined;
}

dashboardApp.get("/agents", (c) => {
  const agent = c.req.query("agent");
  return renderAgents(c, agent && c.req.query("done") ? { agent } : {});
});

/** The API's limit for a stage or breaker reason. */
const REASON_MAX = STAGE_REASON_MAX;
const formText = (body: Record<string, unknown>, key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
const backToAgents = (c: Ctx, done: "stage" | "breaker", agent: string) =>
  c.redirect(`/dashboard/agents?done=${done}&agent=${encodeURIComponent(agent)}#${done}-${encodeURIComponent(agent)}`, 303);

/** Operator forms: reviewers get 403; an unknown agent 404. */
function operatorAgent(c: Ctx): { agent: AgentDefinition<unknown> } | { refused: Promise<Response> } {
  if (c.get("role") !== "operator") {
    return { refused: errorPage(c, 403, "Operators only", "Only an operator can change an agent's stage or set its circuit breaker. Ask an operator to do it.") };
  }
  const agent = findAgent(c.req.param("agent") ?? "");
  if (!agent) return { refused: errorPage(c, 404, "Agent not found", "There is no agent with that name.") };
  return { agent };
}

dashboardApp.post("/agents/:agent/stage", async (c) => {
  const found = operatorAgent(c);
  if ("refused" in found) return found.refused;
  const { agent } = found;
  const body = await c.req.parseBody();
  const reason = formText(body, "reason");
  const to = formText(body, "to");
  const refuse = (status: ContentfulStatusCode, message: string, missing?: string[]) =>
    renderAgents(c, { status, agent: agent.name, notice: { about: "stage", tone: "danger", title: "Stage not changed.", message, missing }, form: { stageReason: reason } });
  if (!(STAGES as readonly string[]).includes(to)) return refuse(422, "Choose Promote or Demote.");
  try {
    await requestStageChange(c.env, { tenantId: c.get("tenantId"), agent, to: to as Stage, reason, actor: c.get("principal") });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status >= 500) throw error;
    const details = error.details as { missing?: unknown } | undefined;
    const missing = Array.isArray(details?.missing) ? details.missing.filter((m): m is string => typeof m === "string") : undefined;
    return refuse(error.status as ContentfulStatusCode, error.message, missing);
  }
  return backToAgents(c, "stage", agent.name);
});

dashboardApp.post("/agents/:agent/breaker", async (c) => {
  const found = operatorAgent(c);
  if ("refused" in found) return found.refused;
  const { agent } = found;
  const body = await c.req.parseBody();
  const reason = formText(body, "reason").trim();
  const state = formText(body, "state");
  const refuse = (message: string) =>
    renderAgents(c, { status: 422, agent: agent.name, notice: { about: "breaker", tone: "danger", title: "Breaker not changed.", message }, form: { breakerReason: reason } });
  if (!(BREAKER_STATES as readonly string[]).includes(state)) return refuse("Choose Close, Half-open or Open.");
  if (!reason) return refuse("A reason is required: it is kept with the transition.");
  if (reason.length > REASON_MAX) return refuse(`The reason is too long (${REASON_MAX} characters at most).`);
  const tenantId = c.get("tenantId");
  await guardClient(c.env, tenantId, agent.name).setBreaker(
    { tenantId, agent: agent.name },
    state as BreakerState,
    reason,
    c.get("principal"),
    deploymentPolicyOf(agent).breaker,
    Date.now(),
  );
  return backToAgents(c, "breaker", agent.name);
});

dashboardApp.all("*", (c) => errorPage(c, 404, "Page not found", "There is no dashboard page at this address."));

dashboardApp.onError((error, c) => {
  if (error instanceof HTTPException && error.status === 403) return csrfRefused(c);
  if (error instanceof HTTPException && error.status < 500) return errorPage(c, error.status as ContentfulStatusCode, "Request refused", error.message || "The request could not be processed.");
  if (error instanceof ApiError && error.status < 500) return errorPage(c, error.status as ContentfulStatusCode, "Request refused", error.message);
  console.error(JSON.stringify({ level: "error", msg: "dashboard unhandled", path: c.req.path, error: error instanceof Error ? error.message : String(error) }));
  return errorPage(c, 500, "Something went wrong", "The page could not be shown and nothing was changed. Try again in a moment.");
});
