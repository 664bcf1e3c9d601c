/**
 * The reviewer dashboard: server-rendered pages (Hono JSX), no script, one
 * small stylesheet. Mounted at /dashboard by src/http/app.ts.
 *
 *   GET  /dashboard/login, POST /dashboard/login, POST /dashboard/logout
 *   GET  /dashboard                      the review queue (filters: agent, reason, age)
 *   GET  /dashboard/reviews/:id          one item: reasons, the agent's view (or a generic one), timeline, decision form
 *   POST /dashboard/reviews/:id/decision the same decision as POST /v1/reviews/{id}/decision
 *   GET  /dashboard/runs[?q=&kind=]      runs by run id, task key or an input field the agent makes searchable; kind=evaluation|all adds dry runs
 *   GET  /dashboard/runs/:runId          one run and its journal
 *   GET  /dashboard/agents               stage and its evidence, breaker, limits, usage, evaluation scores
 *   POST /dashboard/agents/:agent/stage  operator: the same stage change as POST /v1/agents/{agent}/stage
 *   POST /dashboard/agents/:agent/breaker operator: the same breaker action as POST /v1/agents/{agent}/breaker
 *   GET  /dashboard/assets/style.css
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSX } from "hono/jsx/jsx-runtime";
import { findAgent, listAgents } from "../agents/registry";
import { evidenceFor, missingEvidence, nextStage, previousStage, requestStageChange, STAGE_REASON_MAX } from "../deployment/promotion";
import { DEFAULT_STAGE, STAGES, stagesForTenant, type Stage } from "../deployment/stages";
import { decideReview } from "../escalation/decide-review";
import { ReviewDecisionRequestSchema, type ReviewDecisionRequest } from "../escalation/messages";
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
import { parseAmountToCents } from "./format";
import { AgentsPage, type AgentNotice, type AgentPanel } from "./pages/agents";
import { LoginPage } from "./pages/login";
import { AGE_FILTERS, QueuePage } from "./pages/queue";
import { ReviewPage, type FormValues, type Notice } from "./pages/review";
import { RunPage, RunsPage } from "./pages/runs";
import { escalationCodesOf, FILTERABLE_REASONS, type Reasons } from "./reasons";
import { STYLESHEET } from "./styles";
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
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
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
  const agent = agents.includes(c.req.query("agent") ?? "") ? c.req.query("agent")! : "";
  const reasonQ = c.req.query("reason") ?? "";
  const reason = /^[A-Z][A-Z0-9_]{0,63}$/.test(reasonQ) ? reasonQ : "";
  const ageQ = c.req.query("age") ?? "";
  const ageFilter = AGE_FILTERS[ageQ];
  const now = Date.now();
  const [items, decided] = await Promise.all([
    data.openItems(c.env.DB, tenantId, { agent, reason, minAgeMs: ageFilter?.ms }, now),
    data.recentlyDecided(c.env.DB, tenantId, { agent }),
  ]);
  const displays = await queueDisplays(c, [...items, ...decided]);
  // A filtered queue speaks only its agent's words (its reason filter too).
  const words = agent ? reasonsOf(agent) : allReasons();
  const reasons = [...new Set([...escalationCodesOf(words), ...FILTERABLE_REASONS, ...items.flatMap((i) => i.reasons), ...(reason ? [reason] : [])])];
  return render(
    c,
    <QueuePage
      user={userOf(c)}
      items={items}
      decided={decided}
      displays={displays}
      agents={agents}
      reasons={reasons}
      reasonWords={words}
      filters={{ agent, reason, age: ageFilter ? ageQ : "" }}
      now={now}
      limit={data.QUEUE_LIMIT}
    />,
  );
});

/** Each item's display: its agent's columns over its subject (with the agent's looked-up values), and its task key. */
async function queueDisplays(c: Ctx, rows: data.ReviewRow[]): Promise<Map<string, RowDisplay>> {
  const tenantId = c.get("tenantId");
  const keys = await data.taskKeysOf(c.env.DB, tenantId, rows.map((r) => r.runId));
  const byAgent = new Map<string, data.ReviewRow[]>();
  for (const r of rows) byAgent.set(r.agent, [...(byAgent.get(r.agent) ?? []), r]);
  const displays = new Map<string, RowDisplay>();
  await Promise.all(
    [...byAgent].map(async ([name, mine]) => {
      const view = findAgent(name)?.reviewView;
      const subjects = mine.map((r) => r.subject ?? {});
      const values = view?.lookupSubjects ? await view.lookupSubjects({ env: c.env, tenantId, subjects, proposals: mine.map((r) => r.proposal) }) : subjects;
      mine.forEach((r, i) => displays.set(r.id, { agent: name, columns: view?.queueColumns ?? null, values: { ...subjects[i], ...values[i] }, taskKey: keys.get(r.runId) ?? null }));
    }),
  );
  return displays;
}

// ---- one review item ------------------------------------------------------------------

async function renderReview(c: Ctx, reviewId: string, extra: { status?: ContentfulStatusCode; notice?: Notice; form?: FormValues } = {}) {
  const tenantId = c.get("tenantId");
  const item = await data.reviewItem(c.env.DB, tenantId, reviewId);
  if (!item) return errorPage(c, 404, "Review item not found", "There is no such review item for your tenant. It may have been removed, or the link is wrong.");
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

/**
 * Turns the decision form into the JSON API's request; a message when it
 * cannot. `amendable.items`: what the agent lets a reviewer decide item by item.
 */
export function decisionFromForm(
  body: Record<string, unknown>,
  amendable: { items: readonly { index: number; approvedCents: number }[] } | null,
): { values: FormValues; request?: ReviewDecisionRequest; error?: string } {
  const text = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
  const values: FormValues = { decision: text("decision"), comment: text("comment"), items: {} };
  const changes: NonNullable<ReviewDecisionRequest["items"]> = [];
  for (const o of amendable?.items ?? []) {
    const verdict = text(`verdict_${o.index}`);
    const amount = text(`amount_${o.index}`).trim();
    values.items[o.index] = { verdict, amount };
    if (verdict !== "approved" && verdict !== "capped" && verdict !== "rejected") continue;
    let cents = 0;
    if (verdict !== "rejected") {
      const parsed = amount === "" ? o.approvedCents : parseAmountToCents(amount);
      if (parsed === null) return { values, error: `Item ${o.index + 1}: "${amount.slice(0, 20)}" is not an amount in dollars and cents (for example 600.00).` };
      cents = parsed;
    }
    changes.push({ index: o.index, verdict, approvedCents: cents });
  }
  if (!["approve", "reject", "amend"].includes(values.decision)) return { values, error: "Choose Approve, Reject or Amend." };
  // A tool call's edit: the arguments as JSON; the run checks them against the tool's schema and the policy.
  const editedText = text("arguments").trim();
  if (typeof body.arguments === "string") values.arguments = text("arguments");
  let edited: Record<string, unknown> | undefined;
  if (values.decision === "amend" && changes.length === 0 && editedText !== "") {
    let json: unknown;
    try {
      json = JSON.parse(editedText);
    } catch {
      return { values, error: 'The edited arguments are not JSON: write one JSON object, for example {"name": "value"}.' };
    }
    if (!json || typeof json !== "object" || Array.isArray(json)) return { values, error: "The edited arguments must be one JSON object." };
    edited = json as Record<string, unknown>;
  }
  if (values.decision === "amend" && changes.length === 0 && !edited) return { values, error: "To amend, choose a verdict for at least one item in the table (or choose Approve)." };
  if (values.decision !== "amend" && changes.length > 0) {
    return { values, error: `You changed items in the table but chose ${values.decision === "approve" ? "Approve" : "Reject"}. Choose Amend to apply item changes, or set them back to "Keep the agent's proposal".` };
  }
  const amendment = edited ? { arguments: edited } : { items: changes };
  const parsed = ReviewDecisionRequestSchema.safeParse({ decision: values.decision, comment: values.comment, ...(values.decision === "amend" ? amendment : {}) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue?.path[0] === "comment" ? (values.comment.trim() ? "The comment is too long (2,000 characters at most)." : "Write a comment: it is required and kept with your decision.") : (issue?.message ?? "The decision is not valid.");
    return { values, error: message };
  }
  return { values, request: parsed.data };
}

dashboardApp.post("/reviews/:id/decision", async (c) => {
  const reviewId = c.req.param("id");
  const tenantId = c.get("tenantId");
  const item = await data.reviewItem(c.env.DB, tenantId, reviewId);
  if (!item) return errorPage(c, 404, "Review item not found", "There is no such review item for your tenant.");
  const items = amendableOf(item);
  const form = decisionFromForm(await c.req.parseBody(), items ? { items } : null);
  if (!form.request) return renderReview(c, reviewId, { status: 422, form: form.values, notice: { tone: "danger", title: "Not submitted.", message: form.error ?? "Check the form." } });
  try {
    await decideReview(c.env, { tenantId, principal: c.get("principal"), reviewId, decision: form.request });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const title = error.code === "REVIEW_CANCELLED" ? "Cancelled." : error.status === 409 ? "Already decided." : error.status === 422 ? "Not allowed by the policy." : "Not submitted.";
    const status = (error.status === 409 || error.status === 422 || error.status === 404 ? error.status : 400) as ContentfulStatusCode;
    return renderReview(c, reviewId, { status, form: error.status === 409 ? undefined : form.values, notice: { tone: error.status === 409 ? "warn" : "danger", title, message: error.message } });
  }
  return c.redirect(`/dashboard/reviews/${encodeURIComponent(reviewId)}?decided=1`, 303);
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
  const rows = await data.searchRuns(c.env.DB, c.get("tenantId"), q, { agent, status, kind, fields });
  if (q && rows.length === 0 && RUN_ID_PATTERN.test(q)) {
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
      limit={data.RUN_SEARCH_LIMIT}
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
  const stages = await stagesForTenant(c.env.DB, tenantId);
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
