/**
 * An evaluation set: JSON Lines, one case per line (format in
 * evals/<agent>/README.md). Parsed once per isolate and validated with zod, so
 * a malformed line fails loudly with its line number instead of scoring as a
 * wrong answer.
 */
import { z } from "zod";
import type { AgentDefinition } from "../runtime/agent-definition";

export const ExpectedItemSchema = z.object({
  verdict: z.string(),
  approvedCents: z.number().int(),
  codes: z.array(z.string()),
  category: z.string(),
});

/**
 * What the agent should decide: a `decision`, and whatever else the agent's
 * outcome holds (scored by the agent's `compareOutcomes`). An amount, codes and
 * items, where an agent's outcome has them, are also scored one by one.
 */
export const ExpectedOutcomeSchema = z.looseObject({
  decision: z.string(),
  approvedAmountCents: z.number().int().optional(),
  codes: z.array(z.string()).default([]),
  items: z.array(ExpectedItemSchema).default([]),
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
  /** Earlier tasks submitted first, in order; each must come back with the agent's `evalSet.priorDecision` (default `approve`). */
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
export function parseEvalSet(text: string, source = "evaluation set", expectedSchema?: z.ZodType): EvalCase[] {
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
    // The agent's own shape of an expected outcome (refusals are the runtime's).
    const own = expectedSchema && !isRefusal(parsed.data.expected) ? expectedSchema.safeParse(parsed.data.expected) : null;
    if (own && !own.success) {
      const issue = own.error.issues[0];
      throw new EvalSetError(`${source}, line ${index + 1}: ${issue ? `expected.${issue.path.join(".")}: ${issue.message}` : "invalid expected outcome"}`);
    }
    if (ids.has(parsed.data.id)) throw new EvalSetError(`${source}, line ${index + 1}: duplicate case id "${parsed.data.id}"`);
    ids.add(parsed.data.id);
    cases.push(parsed.data);
  }
  return cases;
}

const cache = new Map<string, EvalCase[]>();

/** The agent's bundled evaluation set (`evalSet`, imported by the agent's own folder), parsed (cached per isolate); null when the agent has none. */
export function loadEvalSet(agent: Pick<AgentDefinition<unknown>, "evalSet">): EvalCase[] | null {
  const set = agent.evalSet;
  if (!set) return null;
  const hit = cache.get(set.path);
  if (hit) return hit;
  const cases = parseEvalSet(set.text, set.path, set.expected);
  cache.set(set.path, cases);
  return cases;
}

/** The cases a pass covers: all, or those carrying `tag`. */
export function selectCases(cases: EvalCase[], tag?: string): EvalCase[] {
  return tag ? cases.filter((c) => c.tags.includes(tag)) : cases;
}

export const isRefusal = (expected: Expected): expected is ExpectedRefusal => "error" in expected;
