/**
 * The review view of a tool-calling agent's paused call. It is chosen by the
 * proposal's shape (the runtime's `kind: "tool_call"` proposal, written by
 * `pause` in src/runtime/tool-loop/call.ts), never by agent name, so it fits
 * any tool agent and holds no agent's words: the call as a tool name and an
 * arguments table, why it waits (with the journal's evidence), the
 * conversation so far as a transcript, and the decision choices for a call.
 * Everything shown came from a model or a tool: escaped by JSX, hidden
 * characters made visible (Untrusted), and clipped.
 */
import type { FC } from "hono/jsx";
import { z } from "zod";
import { ChatMessageSchema, type ChatMessage } from "../models/types";
import type { StepView } from "../runtime/run-view";
import { hasHiddenChars } from "../text/visible";
import { Status, Untrusted } from "./components";

/** The proposal of a paused call. A conversation that does not parse is shown as missing, never hides the call. */
export const ToolCallProposalSchema = z.object({
  kind: z.literal("tool_call"),
  why: z.enum(["approval", "blocked", "outcome_unknown"]),
  turn: z.number().int().nonnegative(),
  calls: z.array(z.object({ id: z.string(), tool: z.string(), arguments: z.unknown() })).min(1),
  conversation: z.array(ChatMessageSchema).nullable().catch(null),
});
export type ToolCallProposal = z.infer<typeof ToolCallProposalSchema>;

/** The proposal as a paused call, or null for any other shape (the page then uses another view). */
export function toolCallProposal(proposal: unknown): ToolCallProposal | null {
  const parsed = ToolCallProposalSchema.safeParse(proposal);
  return parsed.success ? parsed.data : null;
}

/** The call a reviewer may edit; an outcome-unknown check is only "took effect" or not. */
export function editableCall(call: ToolCallProposal | null): { tool: string; arguments: unknown } | null {
  if (!call || call.why === "outcome_unknown") return null;
  return { tool: call.calls[0]!.tool, arguments: call.calls[0]!.arguments };
}

export interface ChoiceWords {
  label: string;
  text: string;
}

/** The decision form's words for a call (the form's values stay approve / reject / amend). */
export function callChoices(call: ToolCallProposal): { approve: ChoiceWords; reject: ChoiceWords; edit: ChoiceWords | null } {
  const tool = call.calls[0]!.tool;
  if (call.why === "outcome_unknown") {
    return {
      approve: { label: "It took effect", text: `You checked the target and ${tool} did take effect. The model is told so; the call is not sent again.` },
      reject: { label: "It did not take effect", text: `You checked the target and ${tool} did not take effect. The model is told, with your comment, and may ask again.` },
      edit: null,
    };
  }
  return {
    approve: { label: "Approve: the call runs once", text: `${tool} runs once with the arguments shown (the action policy still applies); the model sees its result.` },
    reject: { label: "Reject: the model is told, with your comment", text: `${tool} does not run; the model receives your comment as the call's result and goes on.` },
    edit: { label: "Edit the call", text: `Run ${tool} with the arguments below instead; they are checked against the tool's schema and the policy before anything runs.` },
  };
}

const VALUE_CLIP = 300;
const MESSAGE_CLIP = 1_200;

/** Clipped by code points (never half a surrogate pair), saying how long the whole was. */
function clip(text: string, max: number): { text: string; total: number | null } {
  const chars = Array.from(text);
  return chars.length > max ? { text: `${chars.slice(0, max).join("")}…`, total: chars.length } : { text, total: null };
}

/** Untrusted text, clipped, flagged when it holds hidden characters. */
const Clipped: FC<{ text: string; max: number }> = ({ text, max }) => {
  const c = clip(text, max);
  return (
    <>
      <Untrusted text={c.text} flagged={hasHiddenChars(text) ? "hidden characters" : undefined} />
      {c.total !== null && <span class="muted small"> (clipped; {c.total} characters in all)</span>}
    </>
  );
};

const asText = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value) ?? String(value)));

/** Arguments as rows: each key of an object, or the one value of anything else. */
export const ArgumentsTable: FC<{ args: unknown }> = ({ args }) => {
  const rows: [string, unknown][] = args && typeof args === "object" && !Array.isArray(args) ? Object.entries(args) : [["(value)", args]];
  if (rows.length === 0) return <p class="muted">No arguments.</p>;
  return (
    <table class="arguments">
      <thead>
        <tr>
          <th>Argument</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, value]) => (
          <tr>
            <td class="mono">
              <Clipped text={key} max={80} />
            </td>
            <td class={typeof value === "string" ? "" : "mono"}>
              <Clipped text={asText(value)} max={VALUE_CLIP} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

/** The journal's record of the call (the step that waits for it), for the evidence of an unknown outcome. */
function evidenceOf(call: ToolCallProposal, steps: StepView[] | null) {
  const first = call.calls[0]!;
  const step = (steps ?? []).find((s) => s.detail?.kind === "call" && s.detail.callId === first.id && s.toolCalls.some((t) => t.status === "outcome_unknown"));
  const record = step?.toolCalls.find((t) => t.status === "outcome_unknown");
  return step && record ? { step, record } : null;
}

const WhyItWaits: FC<{ call: ToolCallProposal; steps: StepView[] | null; reasons: readonly string[] }> = ({ call, steps, reasons }) => {
  const tool = call.calls[0]!.tool;
  if (call.why === "approval") return <p>The tool {tool} needs a person's approval before it runs. Nothing has run yet.</p>;
  if (call.why === "blocked") {
    return (
      <p>
        A guard stopped {tool} before it ran ({reasons.join(", ") || "no code recorded"}). Nothing has run yet.
      </p>
    );
  }
  const evidence = evidenceOf(call, steps);
  return (
    <>
      <p>
        The call to {tool} was sent, but whether it took effect is unknown: the target did not confirm it and cannot be asked. It is never sent again on its own. Check the target
        (it may know the call by its idempotency key), then say what you found.
      </p>
      {evidence ? (
        <dl class="kv">
          <dt>Journal status</dt>
          <dd>
            <Status value={evidence.record.status} />
          </dd>
          <dt>What happened</dt>
          <dd>
            {evidence.record.error ? (
              <>
                <span class="mono small">{evidence.record.error.code}</span> <Clipped text={evidence.record.error.message} max={MESSAGE_CLIP} />
              </>
            ) : (
              <span class="muted">no error was recorded</span>
            )}
          </dd>
          <dt>Idempotency key</dt>
          <dd class="mono">
            <Untrusted text={evidence.record.idempotencyKey} />
          </dd>
          <dt>Step</dt>
          <dd class="mono">
            <Untrusted text={evidence.step.name} /> <span class="muted small">started {evidence.step.startedAt}</span>
          </dd>
        </dl>
      ) : (
        <p class="muted small">The journal's record of the call is not available.</p>
      )}
    </>
  );
};

const ROLE_LABELS: Record<ChatMessage["role"], string> = { system: "Instructions", user: "Task", assistant: "Model", tool: "Tool result" };

/** A tool result as the model read it (renderCallOutput): `{ok, result}` or `{ok: false, status, error}`. */
const ToolResultSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), status: z.string().optional(), error: z.object({ code: z.string(), message: z.string() }).partial().optional() }),
]);

function parseToolResult(content: string): z.infer<typeof ToolResultSchema> | null {
  try {
    const parsed = ToolResultSchema.safeParse(JSON.parse(content));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // clipped or not JSON: shown as it is
  }
}

const ToolResult: FC<{ content: string }> = ({ content }) => {
  const shown = parseToolResult(content);
  if (!shown) return <Clipped text={content} max={MESSAGE_CLIP} />;
  if (shown.ok) {
    return (
      <>
        <Status value="ok" /> <Clipped text={JSON.stringify(shown.result ?? null, null, 2)} max={MESSAGE_CLIP} />
      </>
    );
  }
  return (
    <>
      <Status value={shown.status ?? "failed"} /> <span class="mono small">{shown.error?.code ?? ""}</span> <Clipped text={shown.error?.message ?? ""} max={MESSAGE_CLIP} />
    </>
  );
};

/** The conversation so far, one entry per message; the instructions are folded away (long, the same for every task). */
export const Transcript: FC<{ messages: ChatMessage[] }> = ({ messages }) => {
  const toolNames = new Map<string, string>();
  for (const m of messages) if (m.role === "assistant") for (const c of m.tool_calls ?? []) toolNames.set(c.id, c.function.name);
  return (
    <ol class="transcript">
      {messages.map((m) => (
        <li class={`msg msg-${m.role}`}>
          <div class="msg-role">
            <strong>{ROLE_LABELS[m.role]}</strong>
            {m.role === "tool" && (
              <span class="muted small">
                {" "}
                for <span class="mono">{toolNames.get(m.tool_call_id) ?? "an unknown call"}</span> (call <Untrusted text={m.tool_call_id} />)
              </span>
            )}
          </div>
          {m.role === "system" ? (
            <details>
              <summary>Show the instructions</summary>
              <Clipped text={m.content} max={MESSAGE_CLIP} />
            </details>
          ) : m.role === "tool" ? (
            <ToolResult content={m.content} />
          ) : m.content ? (
            <Clipped text={m.content} max={MESSAGE_CLIP} />
          ) : m.role === "assistant" && m.tool_calls ? null : (
            <span class="muted">(no text)</span>
          )}
          {m.role === "assistant" &&
            (m.tool_calls ?? []).map((c) => (
              <div class="msg-call">
                Calls <span class="mono">
                  <Untrusted text={c.function.name} />
                </span>{" "}
                <span class="muted small">(call {c.id})</span>
                <CallArguments text={c.function.arguments} />
              </div>
            ))}
        </li>
      ))}
    </ol>
  );
};

/** A call's raw argument text: a table when it is a JSON object, the text otherwise (the model may write broken JSON). */
const CallArguments: FC<{ text: string }> = ({ text }) => {
  try {
    return <ArgumentsTable args={JSON.parse(text)} />;
  } catch {
    return (
      <div class="mono">
        <Clipped text={text} max={VALUE_CLIP} />
      </div>
    );
  }
};

/** The page's sections for a paused call. */
export const ToolCallSections: FC<{ call: ToolCallProposal; steps: StepView[] | null; reasons: readonly string[] }> = ({ call, steps, reasons }) => {
  const first = call.calls[0]!;
  return (
    <>
      <h2>Proposed call</h2>
      <p>
        Tool <strong class="mono tool-name">{first.tool}</strong> <span class="muted small">(call <Untrusted text={first.id} />, turn {call.turn + 1})</span>
      </p>
      <ArgumentsTable args={first.arguments} />
      <h2>Why it waits</h2>
      <WhyItWaits call={call} steps={steps} reasons={reasons} />
      <h2>The conversation so far</h2>
      {call.conversation && call.conversation.length > 0 ? (
        <Transcript messages={call.conversation} />
      ) : (
        <p class="muted">The conversation is not available in this item.</p>
      )}
    </>
  );
};
