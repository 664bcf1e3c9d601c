/**
 * An evaluation set: JSON Lines, one case per line (format in
 * evals/<agent>/README.md). Parsed once per isolate and validated with zod, so
 * a malformed line fails loudly with its line number instead of scoring as a
 * wrong answer.
 */
import { z } from "zod";
import type { AgentDefinition } from "../runtime/agent-definition";
import { evalSetText } from "./datasets";

export const ExpectedItemSchema = z.object({
  verdict: z.string(),
  approvedCents: z.number().int(),
  codes: z.array(z.string()),
  category: z.string(),
});

/** What the agent should decide. */
export const ExpectedOutcomeSchema = z.object({
  decision: z.string(),
  approvedAmountCents: z.number().int(),
  codes: z.array(z.string()),
  items: z.array(ExpectedItemSchema),
});

/** The request is refused before any run exists (HTTP 422). */
export const ExpectedRefusalSchema = z.object({
  error: z.string(),
  status: z.number().int(),
});

export const ExpectedSchema = z.union([ExpectedOutcomeSchema, ExpectedRefusalSchema]);

export const EvalCaseSchema = z.object({
  id: z.string().min(1),
  tags: z.array(z.string()).default([]),
  why: z.string().optional(),
  /** The task, exactly as a client would send it as `input` (may be a non-task for scope cases). */
  input: z.unknown(),
  /** Earlier tasks submitted first, in order; each must be approved. */
  priorReports: z.array(z.unknown()).optional(),
  oracle: z.unknown().optional(),
  expected: ExpectedSchema,
});

export type ExpectedItem = z.infer<typeof ExpectedItemSchema>;
export type ExpectedOutcome = z.infer<typeof ExpectedOutcomeSchema>;
export type ExpectedRefusal = z.infer<typeof ExpectedRefusalSchema>;
export type Expected = z.infer<typeof ExpectedSchema>;
export type EvalCase = z.infer<typeof EvalCaseSchema>;

export class EvalSetError extends Error {
  override readonly name = "EvalSetError";
}

/** Parses JSON Lines text into cases; blank lines are skipped; ids must be unique. */
export function parseEvalSet(text: string, source = "evaluation set"): EvalCase[] {
  const cases: EvalCase[] = [];
  const ids = new Set<string>();
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new EvalSetError(`${source}, line ${index + 1}: not valid JSON`);
    }
    const parsed = EvalCaseSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EvalSetError(`${source}, line ${index + 1}: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid case"}`);
    }
    if (ids.has(parsed.data.id)) throw new EvalSetError(`${source}, line ${index + 1}: duplicate case id "${parsed.data.id}"`);
    ids.add(parsed.data.id);
    cases.push(parsed.data);
  }
  return cases;
}

const cache = new Map<string, EvalCase[]>();

/** The agent's bundled evaluation set, parsed (cached per isolate); null when the agent has none. */
export function loadEvalSet(agent: Pick<AgentDefinition<unknown>, "evalSetPath">): EvalCase[] | null {
  const path = agent.evalSetPath;
  if (!path) return null;
  const hit = cache.get(path);
  if (hit) return hit;
  const text = evalSetText(agent);
  if (text === null) return null;
  const cases = parseEvalSet(text, path);
  cache.set(path, cases);
  return cases;
}

/** The cases a pass covers: all, or those carrying `tag`. */
export function selectCases(cases: EvalCase[], tag?: string): EvalCase[] {
  return tag ? cases.filter((c) => c.tags.includes(tag)) : cases;
}

export const isRefusal = (expected: Expected): expected is ExpectedRefusal => "error" in expected;
