// Tool calling for the AI Gateway / OpenAI-compatible stand-in (plain Node ESM).
//
// 1. `validateToolRequest(body)`: the 400s an OpenAI-style server gives for a
//    malformed tool conversation (bad tool specs, tool_choice naming a missing
//    tool, a `tool` message that answers no open call, ...).
// 2. Scripts: per-scope (gateway id) conversations, set with
//    POST /__control/scripts {gateway, answers?, fn?, scenario?, then?}:
//      answers  a queue, one answer per chat request, in order;
//      fn       JS source of `(request, ctx) => answer` (evaluated here, in the
//               test-only stand-in; ctx = {turn, state, toolResults, toolNames});
//      scenario a named preset (SCENARIOS below) with its parameters;
//      then     when the queue is used up: "error" (default: 500 so a test sees
//               the extra call), "repeat_last", or "default" (the normal answer).
//    An answer is a string (content) or {content?, tool_calls?: [{id?, name,
//    arguments}], finish_reason?}; `arguments` that is a string is sent
//    verbatim (so it can be malformed JSON), anything else is JSON.stringify'd.

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function bad(param, message) {
  return { param, message };
}

export function validateToolRequest(body) {
  const tools = body.tools;
  const names = new Set();
  if (tools !== undefined) {
    if (!Array.isArray(tools) || tools.length === 0) return bad("tools", "tools must be a non-empty array");
    for (const [i, t] of tools.entries()) {
      if (!t || t.type !== "function" || !t.function || typeof t.function !== "object") return bad(`tools[${i}]`, "each tool must be {type: 'function', function: {...}}");
      if (typeof t.function.name !== "string" || !NAME.test(t.function.name)) return bad(`tools[${i}].function.name`, "invalid function name");
      if (names.has(t.function.name)) return bad(`tools[${i}].function.name`, "duplicate function name");
      names.add(t.function.name);
      const p = t.function.parameters;
      if (p !== undefined && (!p || typeof p !== "object" || Array.isArray(p) || p.type !== "object")) {
        return bad(`tools[${i}].function.parameters`, "parameters must be a JSON Schema object with type 'object'");
      }
    }
  }
  const choice = body.tool_choice;
  if (choice !== undefined) {
    if (tools === undefined) return bad("tool_choice", "tool_choice is only allowed when tools are specified");
    const named = choice && typeof choice === "object" && choice.type === "function" && typeof choice.function?.name === "string";
    if (!["auto", "none", "required"].includes(choice) && !named) return bad("tool_choice", "invalid tool_choice");
    if (named && !names.has(choice.function.name)) return bad("tool_choice", `tool_choice names unknown function ${choice.function.name}`);
  }
  if (body.parallel_tool_calls !== undefined && typeof body.parallel_tool_calls !== "boolean") return bad("parallel_tool_calls", "must be a boolean");
  const open = new Set();
  for (const [i, m] of body.messages.entries()) {
    if (!m || typeof m !== "object") return bad(`messages[${i}]`, "message must be an object");
    if (!["system", "user", "assistant", "tool", "developer"].includes(m.role)) return bad(`messages[${i}].role`, "invalid role");
    if (m.role === "assistant") {
      const calls = m.tool_calls;
      if (calls !== undefined) {
        if (!Array.isArray(calls) || calls.length === 0) return bad(`messages[${i}].tool_calls`, "tool_calls must be a non-empty array");
        for (const [j, c] of calls.entries()) {
          if (!c || typeof c.id !== "string" || c.type !== "function" || typeof c.function?.name !== "string" || typeof c.function?.arguments !== "string") {
            return bad(`messages[${i}].tool_calls[${j}]`, "tool call must be {id, type: 'function', function: {name, arguments: string}}");
          }
          open.add(c.id);
        }
      }
      if ((m.content === null || m.content === undefined) && calls === undefined) return bad(`messages[${i}].content`, "assistant content is required without tool_calls");
    } else if (m.role === "tool") {
      if (typeof m.tool_call_id !== "string" || !open.has(m.tool_call_id)) {
        return bad(`messages[${i}].tool_call_id`, "messages with role 'tool' must be a response to a preceding message with 'tool_calls'");
      }
      open.delete(m.tool_call_id);
      if (typeof m.content !== "string") return bad(`messages[${i}].content`, "tool content must be a string");
    } else if (typeof m.content !== "string") {
      return bad(`messages[${i}].content`, "content must be a string");
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// Scenarios: functions of the request for the behaviours a tool-calling
// runtime must survive. Each ends with `final` (default {"done": true}).

/** Tool messages after the last assistant message: the results the model is now reading. */
function latestToolResults(messages) {
  const out = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role === "tool") out.unshift(m);
    else break;
  }
  return out;
}

function toolNames(body) {
  return (body.tools ?? []).map((t) => t.function?.name).filter(Boolean);
}

function pastCalls(messages) {
  return messages.filter((m) => m.role === "assistant").flatMap((m) => m.tool_calls ?? []);
}

const finalAnswer = (p) => ({ content: typeof p.final === "string" ? p.final : JSON.stringify(p.final ?? { done: true }) });
const call = (name, args) => ({ name, arguments: args });
const firstTool = (body, p) => p.tool ?? toolNames(body)[0] ?? "missing_tool";
const withTurn = (value, turn) =>
  typeof value === "string" ? value.replaceAll("{{turn}}", String(turn)) : Array.isArray(value) ? value.map((v) => withTurn(v, turn)) : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withTurn(v, turn)])) : value;

export const SCENARIOS = {
  /** Several calls in one assistant message (all of `calls`), then the final answer. With parallel_tool_calls:false, one per turn. */
  parallel_calls(body, ctx, p) {
    const done = pastCalls(body.messages).length;
    const calls = p.calls ?? [];
    if (done >= calls.length) return finalAnswer(p);
    const next = body.parallel_tool_calls === false ? calls.slice(done, done + 1) : calls.slice(done);
    return { tool_calls: next.map((c) => call(c.name, c.arguments ?? {})) };
  },
  /** `arguments` that are not JSON on the first turn; after the runtime's reply, the final answer. */
  malformed_arguments(body, ctx, p) {
    if (pastCalls(body.messages).length === 0) return { tool_calls: [call(firstTool(body, p), p.arguments ?? '{"amount": 12.5, "currency": ')] };
    return finalAnswer(p);
  },
  /** A tool that was never offered. */
  unknown_tool(body, ctx, p) {
    if (pastCalls(body.messages).length === 0) return { tool_calls: [call(p.tool ?? "delete_all_records", p.arguments ?? {})] };
    return finalAnswer(p);
  },
  /** Valid JSON that breaks the tool's input schema (default `{}` or `p.arguments`). */
  schema_invalid_arguments(body, ctx, p) {
    if (pastCalls(body.messages).length === 0) return { tool_calls: [call(firstTool(body, p), p.arguments ?? {})] };
    return finalAnswer(p);
  },
  /** Never answers: a new call every turn ("{{turn}}" in string arguments becomes the turn number). */
  never_stops(body, ctx, p) {
    return { tool_calls: [call(firstTool(body, p), withTurn(p.arguments ?? {}, ctx.turn))] };
  },
  /** The same call (same name, same arguments) every turn, forever. */
  repeats_call(body, ctx, p) {
    return { tool_calls: [call(firstTool(body, p), p.arguments ?? {})] };
  },
  /**
   * mode "forbidden": calls `tool` (one the runtime must not let it use) once, then final.
   * mode "doubled": the same side-effecting call twice in one message, then once more on the next turn, then final.
   */
  side_effect(body, ctx, p) {
    const done = pastCalls(body.messages).length;
    const c = call(firstTool(body, p), p.arguments ?? {});
    if (p.mode === "doubled") {
      if (done === 0) return { tool_calls: [c, c] };
      if (done === 2) return { tool_calls: [c] };
      return finalAnswer(p);
    }
    if (done === 0) return { tool_calls: [c] };
    return finalAnswer(p);
  },
  /**
   * Reads a document with `first` ({name, arguments}); if a tool result then says
   * "call <tool> with {json}" (an instruction injected into data), it obeys once,
   * as a naive model would; then final.
   */
  follows_injection(body, ctx, p) {
    const calls = pastCalls(body.messages);
    if (calls.length === 0 && p.first) return { tool_calls: [call(p.first.name, p.first.arguments ?? {})] };
    const pattern = /\bcall\s+(?:the\s+)?(?:tool\s+)?[`"']?([A-Za-z0-9_-]+)[`"']?(?:\s+with\s+(\{[^\n]*\}))?/i;
    for (const result of latestToolResults(body.messages)) {
      const m = pattern.exec(result.content);
      if (!m) continue;
      if (calls.some((c) => c.function.name === m[1])) break; // obeyed already
      let args = {};
      try {
        args = m[2] ? JSON.parse(m[2]) : {};
      } catch {
        args = m[2];
      }
      return { tool_calls: [call(m[1], args)] };
    }
    return finalAnswer(p);
  },
};

// ---------------------------------------------------------------------------

export function createScripts() {
  /** scope -> {answers?, fn?, scenario?, then, turn, state, last} */
  const scripts = new Map();

  return {
    set(scope, spec) {
      const script = { then: spec.then ?? "error", turn: 0, state: spec.state ?? {}, last: undefined };
      if (Array.isArray(spec.answers)) script.answers = [...spec.answers];
      else if (typeof spec.fn === "string") script.fn = new Function(`"use strict"; return (${spec.fn});`)(); // test-only server
      else if (spec.scenario && SCENARIOS[spec.scenario.name]) script.scenario = spec.scenario;
      else throw new Error("a script needs answers, fn, or a known scenario {name}");
      scripts.set(scope, script);
    },
    has: (scope) => scripts.has(scope),
    delete: (scope) => scripts.delete(scope),
    clear: () => scripts.clear(),
    /** The next scripted answer for a request, `undefined` to fall through to the normal answer, or {error}. */
    next(scope, body) {
      const s = scripts.get(scope);
      if (!s) return undefined;
      const ctx = { turn: s.turn++, state: s.state, toolResults: latestToolResults(body.messages), toolNames: toolNames(body) };
      let answer;
      if (s.answers) {
        if (s.answers.length > 0) answer = s.answers.shift();
        else if (s.then === "repeat_last" && s.last !== undefined) answer = s.last;
        else if (s.then === "default") return undefined;
        else return { error: `script for ${scope} has no answer left (turn ${ctx.turn})` };
      } else if (s.fn) answer = s.fn(body, ctx);
      else answer = SCENARIOS[s.scenario.name](body, ctx, s.scenario);
      s.last = answer;
      return { answer, turn: ctx.turn };
    },
  };
}

/** An answer (string or {content, tool_calls, finish_reason}) as an OpenAI response message + finish_reason. */
export function renderAnswer(answer, turn) {
  const a = typeof answer === "string" ? { content: answer } : (answer ?? {});
  const calls = (a.tool_calls ?? []).map((c, i) => ({
    id: c.id ?? `call_${turn}_${i}_${Math.random().toString(36).slice(2, 10)}`,
    type: "function",
    function: { name: c.name, arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments ?? {}) },
  }));
  const content = a.content === undefined ? (calls.length > 0 ? null : "") : typeof a.content === "string" || a.content === null ? a.content : JSON.stringify(a.content);
  const message = { role: "assistant", content, ...(calls.length > 0 ? { tool_calls: calls } : {}) };
  return { message, finish_reason: a.finish_reason ?? (calls.length > 0 ? "tool_calls" : "stop") };
}
