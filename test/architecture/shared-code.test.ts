/// <reference types="vite/client" />
/**
 * Issue 13: the runtime knows no agent's shape. Escalation, deployment,
 * guardrails, models and the runtime reach agents only through the registry
 * and the hooks on `AgentDefinition` (outcome comparison, review decision,
 * evaluation set, demo data, embedded models), so a new agent needs no change
 * there. (The dashboard has its own check: test/dashboard/shared-code.test.ts.)
 */
import { describe, expect, it } from "vitest";

const shared = import.meta.glob(
  [
    "../../src/escalation/**/*.ts",
    "../../src/deployment/**/*.ts",
    "../../src/guardrails/**/*.ts",
    "../../src/models/**/*.ts",
    "../../src/runtime/**/*.ts",
  ],
  { query: "?raw", import: "default", eager: true },
) as Record<string, string>;
const importsOf = (source: string) => [...source.matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => m[1]!);
/** Code without comments: a comment may give an example; code may not depend on one. */
const codeOf = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

describe("shared code (issue 13)", () => {
  it("imports no agent's module (only the registry)", () => {
    expect(Object.keys(shared).length).toBeGreaterThan(40);
    for (const [file, source] of Object.entries(shared)) {
      for (const spec of importsOf(source)) if (spec.includes("/agents/")) expect(spec, file).toMatch(/\/agents\/registry$/);
    }
  });

  it("names no agent and none of the expense agent's fields", () => {
    for (const [file, source] of Object.entries(shared)) {
      expect(source, file).not.toMatch(/\b(reportId|employeeId|employeeName|approvedAmountCents|claimedCents)\b/);
      expect(codeOf(source), file).not.toMatch(/expense|refund|echo-steps/i);
    }
  });

  it("the checks see what they look for", () => {
    expect(codeOf('const a = "expense-reports"; // refund')).toMatch(/expense/);
    expect(codeOf('/** expense */ const a = 1; // refund')).not.toMatch(/expense|refund/);
  });
});
