/**
 * The evaluation sets bundled into the Worker, by the path an agent names in
 * `evalSetPath` (relative to the repo root). The files are imported as text
 * (wrangler.toml `[[rules]]`), so a deployed Worker evaluates itself with no
 * file system. Adding an agent's set = one import and one line here.
 */
import expenseReportsCases from "../../evals/expense-reports/cases.jsonl";

export const EVAL_SETS: Readonly<Record<string, string>> = {
  "evals/expense-reports/cases.jsonl": expenseReportsCases,
};

/** The bundled text of an agent's evaluation set, or null when it has none. */
export function evalSetText(agent: { evalSetPath?: string }): string | null {
  if (!agent.evalSetPath) return null;
  return EVAL_SETS[agent.evalSetPath] ?? null;
}
