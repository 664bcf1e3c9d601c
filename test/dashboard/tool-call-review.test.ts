/**
 * Issue 12: the dashboard's tool-call review view. A paused call of any tool
 * agent (chosen by the proposal's shape) shows the tool name and an arguments
 * table, why it waits, the conversation so far, and choices worded for a
 * call; text from a tool result is escaped; an edit posted through the form
 * runs the edited call exactly once. An unknown outcome shows its evidence and
 * asks whether the call took effect.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newScope, script } from "../support/model-standin";
import { command, effectRows, runStub } from "../support/runs";
import { driveWithModel, withModel } from "../support/tool-agents";
import { page, signIn } from "./support";

const visible = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");

/** Looks a document up (its id, and so its text, carries a script tag), then asks to pay (needs approval), then finishes. */
const LOOKUP_THEN_PAY = `(req) => {
  const tools = req.messages.filter((m) => m.role === "tool");
  if (tools.length === 0) return { content: "Reading the document first.", tool_calls: [{ id: "c_look", name: "lookup", arguments: { id: "<script>alert(1)</script>" } }] };
  if (tools.length === 1) return { tool_calls: [{ id: "c_pay", name: "pay", arguments: { reportId: "R-9\\u200b", amountCents: 5000 } }] };
  const shown = JSON.parse(tools[1].content);
  return JSON.stringify({ done: shown.ok === true, summary: shown.ok ? "paid" : shown.error.code });
}`;

const TRANSFER = `(req) => {
  const tools = req.messages.filter((m) => m.role === "tool");
  if (tools.length === 0) return { tool_calls: [{ id: "t1", name: "transfer", arguments: { to: "ACME", amountCents: 900 } }] };
  return JSON.stringify({ done: true });
}`;

async function pausedRun(agent: string, fn: string) {
  const scope = await newScope();
  await script(scope, { fn });
  const cmd = command(agent, { task: "the task" });
  await withModel(cmd.runId, scope);
  await runStub(cmd.runId).submit(cmd);
  const view = await driveWithModel(cmd.runId, scope);
  expect(view).toMatchObject({ status: "waiting_for_review" });
  return { scope, runId: cmd.runId };
}

async function itemOf(runId: string) {
  for (let i = 0; i < 100; i++) {
    const row = await env.DB.prepare("SELECT id FROM review_items WHERE run_id = ?").bind(runId).first<{ id: string }>();
    if (row) return row.id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no review item");
}

const payments = async (runId: string) =>
  (await env.DB.prepare("SELECT args FROM effects WHERE run_id = ?").bind(runId).all<{ args: string }>()).results.map((r) => JSON.parse(r.args) as unknown);

/** The HTML between a section's heading and the next one. */
function section(html: string, heading: string): string {
  const at = html.indexOf(`<h2>${heading}</h2>`);
  expect(at, heading).toBeGreaterThan(0);
  const end = html.indexOf("<h2>", at + 4);
  return html.slice(at, end < 0 ? undefined : end);
}

describe("tool-call review view (issue 12)", () => {
  it("an approval item shows the tool, its arguments table, why it waits, the transcript and the three call choices; tool-result text is escaped", async () => {
    const { runId } = await pausedRun("tool-loop-approval", LOOKUP_THEN_PAY);
    const reviewId = await itemOf(runId);
    const { cookie } = await signIn();
    const html = await (await page(`/dashboard/reviews/${reviewId}`, { cookie })).text();
    const text = visible(html);

    // The call: tool name and one row per argument; the hidden character is shown, not hidden.
    const call = section(html, "Proposed call");
    expect(call).toContain('<strong class="mono tool-name">pay</strong>');
    const rows = [...call.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => visible(m[1]!).trim());
    expect(rows).toEqual(expect.arrayContaining(["reportId R-9 [U+200B] ⚠ hidden characters", "amountCents 5000"]));
    expect(call).toContain('<mark class="hidden-char" title="hidden character">[U+200B]</mark>');

    expect(visible(section(html, "Why it waits"))).toContain("The tool pay needs a person's approval before it runs. Nothing has run yet.");

    // The transcript: the task, the model's text and its lookup call with arguments, the tool's result, then the pay call.
    const transcript = visible(section(html, "The conversation so far"));
    for (const words of ["Instructions", "Task", "the task", "Model", "Reading the document first.", "Calls lookup", "Tool result for lookup (call c_look", "Calls pay"]) {
      expect(transcript, words).toContain(words);
    }
    expect(transcript.indexOf("Calls lookup")).toBeLessThan(transcript.indexOf("Tool result"));
    expect(transcript.indexOf("Tool result")).toBeLessThan(transcript.indexOf("Calls pay"));
    // Stored XSS: the tool result's script tag is text, never markup.
    expect(html.replace(/<script nonce="[^"]+">[\s\S]*?<\/script>/, "")).not.toMatch(/<script/i); // only the keyboard script, with the response's nonce
    expect(section(html, "The conversation so far")).toContain("document &lt;script&gt;alert(1)&lt;/script&gt;");

    // Choices worded for a call; the edit is prefilled with the call's arguments; no generic proposal JSON.
    for (const words of ["Approve: the call runs once", "Reject: the model is told, with your comment", "Edit the call"]) expect(text).toContain(words);
    for (const value of ["approve", "reject", "amend"]) expect(html).toContain(`name="decision" value="${value}"`);
    expect(html).toContain("&quot;amountCents&quot;: 5000");
    expect(text).not.toContain("Proposed outcome");
    expect(text).not.toContain("Accept the agent's proposal");
    expect(await effectRows(runId)).toBe(0);
  });

  it("an edit posted through the form runs the edited call once; a second decision runs nothing", async () => {
    const { scope, runId } = await pausedRun("tool-loop-approval", LOOKUP_THEN_PAY);
    const reviewId = await itemOf(runId);
    const { cookie, csrf } = await signIn();
    const form = { csrf, decision: "amend", comment: "Clean id, smaller amount.", arguments: '{"reportId":"R-9","amountCents":4000}' };
    const res = await page(`/dashboard/reviews/${reviewId}/decision`, { cookie, form });
    expect(res.status, visible(await res.clone().text()).slice(0, 300)).toBe(303);
    expect(await driveWithModel(runId, scope)).toMatchObject({ status: "completed", outcome: { done: true, summary: "paid" } });
    expect(await payments(runId)).toEqual([{ reportId: "R-9", amountCents: 4000 }]);

    const again = await page(`/dashboard/reviews/${reviewId}/decision`, { cookie, form: { ...form, decision: "approve" } });
    expect(again.status).toBe(409);
    expect(await driveWithModel(runId, scope)).toMatchObject({ status: "completed" });
    expect(await payments(runId)).toEqual([{ reportId: "R-9", amountCents: 4000 }]);
    // The decided item still shows the call it was about, and no form.
    const decided = await (await page(`/dashboard/reviews/${reviewId}`, { cookie })).text();
    expect(decided).toContain('<strong class="mono tool-name">pay</strong>');
    expect(decided).not.toContain('id="decision"');
  });

  it("an outcome-unknown item shows the evidence and asks whether the call took effect (no edit)", async () => {
    const { runId } = await pausedRun("tool-loop-unknown", TRANSFER);
    const reviewId = await itemOf(runId);
    const { cookie } = await signIn();
    const html = await (await page(`/dashboard/reviews/${reviewId}`, { cookie })).text();
    const text = visible(html);
    expect(section(html, "Proposed call")).toContain('<strong class="mono tool-name">transfer</strong>');
    const why = visible(section(html, "Why it waits"));
    expect(why).toContain("whether it took effect is unknown");
    expect(why).toContain("outcome unknown");
    expect(why).toContain("the target did not answer after the request was sent");
    expect(why).toContain(`${runId}:turn-0:t1`);
    for (const words of ["It took effect", "It did not take effect"]) expect(text).toContain(words);
    expect(text).not.toContain("Edit the call");
    expect(html).not.toContain('name="arguments"');
    expect(html).not.toContain('value="amend"');
  });
});
